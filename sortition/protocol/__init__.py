"""The auditable draw, in the order it happens: tickets, canonical documents, the commitment, the seed and
the sampler, the draw, verification, and replacements chained to the draw they complete.
docs/audit-protocol.md is the specification; these modules are its reference implementation."""
