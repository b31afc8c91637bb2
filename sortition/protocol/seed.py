"""Seed sources and the one canonical text of each result, so that how a result is typed cannot change the panel.

A **typed** source names a public result whose every outcome has exactly one text: ``euromillions:<date>``
(5 numbers 1..50, 2 stars 1..12), ``loto:<date>`` (French Loto: 5 numbers 1..49, chance number 1..10),
``dice:<count>d<sides>`` (each die 1..sides), or a future drand round ``drand:<chain>:<round>``. Whatever is
typed at the draw (spaces, commas, dashes, slashes, leading zeros, any order inside a group) is parsed,
validated and rewritten as the canonical text, e.g. ``euromillions:2026-12-01:7,19,23,38,44:2,11``; only
that text enters the key. A **free-text** source (a description) is only normalised
(:func:`normalise_seed`): two spellings of one result give two panels, which is why ``prepare`` warns.

The whitespace set is written out (not a regular-expression class) because languages disagree on it:
Python's ``str.isspace`` counts U+001C..U+001F and U+0085 and not U+FEFF; JavaScript's ``\\s`` the reverse.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sortition.errors import DrawError
from sortition.protocol.schema import valid_day

# every character str.isspace() accepts: what the protocol calls whitespace (docs/audit-protocol.md)
WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# between the numbers of a typed result: whitespace, commas, semicolons, dashes, slashes, plus and colons
_SEPARATORS = re.compile("[" + re.escape("".join(sorted(WHITESPACE)) + ",;-/+:|\u2013\u2014") + "]+")
_DICE = re.compile(r"(\d+)d(\d+)")
RELATIVE_BIAS_WARNING = 0.01  # prepare warns when the least chance a volunteer has can move by more (relative)


@dataclass(frozen=True)
class Game:
    """A public lottery: groups of (how many numbers, lowest, highest, repeats allowed), in drawn order."""

    name: str
    groups: tuple[tuple[int, int, int, bool], ...]


GAMES = {
    "euromillions": Game("euromillions", ((5, 1, 50, False), (2, 1, 12, False))),
    "loto": Game("loto", ((5, 1, 49, False), (1, 1, 10, False))),
}
TYPED_KINDS = ("drand", *GAMES, "dice")


def normalise_seed(text: str) -> str:
    """Free text: NFC, trimmed, each inner run of whitespace (:data:`WHITESPACE`) replaced by one space."""
    words: list[str] = []
    current: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char in WHITESPACE:
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    if not words:
        raise ValueError("the seed is empty")
    return " ".join(words)


@dataclass(frozen=True)
class SeedSource:
    """Where the seed will come from, announced in the commitment. ``kind`` is one of :data:`TYPED_KINDS`,
    "text" (a free description) or "rehearsal"; ``description`` is its normalised text."""

    kind: str
    description: str = ""
    chain: str = ""
    round: int = 0
    date: str = ""
    count: int = 0
    sides: int = 0

    @classmethod
    def parse(cls, text: str) -> SeedSource:
        """A typed source (module docstring) or any other text (a description). Raises ValueError with a
        catalogue key (``seed.*``) as its first argument when a typed source is malformed."""
        try:
            stripped = normalise_seed(text)
        except ValueError:
            raise ValueError("seed.source-empty") from None
        prefix, _, rest = stripped.partition(":")
        kind = prefix.lower()
        if not rest or kind not in TYPED_KINDS:
            return cls("text", stripped)
        if kind == "drand":
            chain, _, round_ = rest.partition(":")
            if not chain or not round_.isdigit() or not round_.isascii():
                raise ValueError("seed.source-drand")
            return cls("drand", f"drand:{chain}:{int(round_)}", chain=chain, round=int(round_))
        if kind == "dice":
            match = _DICE.fullmatch(rest.lower())
            if not match or not 1 <= int(match[1]) <= 100 or not 2 <= int(match[2]) <= 1000:
                raise ValueError("seed.source-dice")
            count, sides = int(match[1]), int(match[2])
            return cls("dice", f"dice:{count}d{sides}", count=count, sides=sides)
        if not valid_day(rest):
            raise ValueError("seed.source-date")
        return cls(kind, f"{kind}:{rest}", date=rest)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "description": self.description}
        if self.kind == "drand":
            out.update(chain=self.chain, round=self.round)
        elif self.kind in GAMES:
            out.update(date=self.date)
        elif self.kind == "dice":
            out.update(count=self.count, sides=self.sides)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SeedSource:
        return cls(
            str(data["kind"]),
            str(data.get("description", "")),
            str(data.get("chain", "")),
            int(data.get("round", 0)),
            str(data.get("date", "")),
            int(data.get("count", 0)),
            int(data.get("sides", 0)),
        )

    @property
    def typed(self) -> bool:
        return self.kind in TYPED_KINDS

    def groups(self) -> tuple[tuple[int, int, int, bool], ...]:
        """The groups of numbers of a result: (count, lowest, highest, repeats allowed)."""
        if self.kind in GAMES:
            return GAMES[self.kind].groups
        if self.kind == "dice":
            return ((self.count, 1, self.sides, True),)
        return ()

    def outcomes(self) -> int:
        """How many distinct canonical results the source has (e.g. C(50,5) * C(12,2) for EuroMillions)."""
        total = 1
        for count, low, high, repeats in self.groups():
            size = high - low + 1
            total *= math.comb(size + count - 1, count) if repeats else math.comb(size, count)
        return total

    def equally_likely_outcomes(self) -> int:
        """1 / (chance of the likeliest result), rounded down: the number of equally likely outcomes this
        source is worth (lotteries: all of them; dice: fewer, since unordered results are not equally likely)."""
        if self.kind != "dice":
            return self.outcomes()
        quotient, remainder = divmod(self.count, self.sides)
        likeliest: int = math.factorial(self.count) // (
            math.factorial(quotient) ** (self.sides - remainder) * math.factorial(quotient + 1) ** remainder
        )
        rolls: int = self.sides**self.count
        return rolls // likeliest

    def canonical_result(self, typed: str) -> str:
        """The canonical seed text of a typed result; raises DrawError (``seed.*``) when it is impossible."""
        groups = self.groups()
        if not groups:
            raise ValueError(f"{self.kind} has no typed results")
        text = normalise_seed(typed) if typed.strip() else ""
        lowered = text.lower()
        for prefix in (self.description.lower() + ":", self.description.lower()):
            if lowered.startswith(prefix):
                text = text[len(prefix) :]
                break
        tokens = [t for t in _SEPARATORS.split(text) if t]
        expected = sum(count for count, *_ in groups)
        bad = [t for t in tokens if not (t.isascii() and t.isdigit())]
        if bad:
            raise DrawError("seed.not-a-number", source=self.description, token=bad[0][:20])
        if len(tokens) != expected:
            raise DrawError("seed.wrong-count", source=self.description, expected=expected, found=len(tokens))
        numbers = [int(t) for t in tokens]
        parts: list[str] = []
        start = 0
        for count, low, high, repeats in groups:
            group = sorted(numbers[start : start + count])
            start += count
            outside = [n for n in group if not low <= n <= high]
            if outside:
                raise DrawError("seed.out-of-range", source=self.description, number=outside[0], low=low, high=high)
            if not repeats and len(set(group)) < len(group):
                repeated = next(n for n in group if group.count(n) > 1)
                raise DrawError("seed.repeated", source=self.description, number=repeated)
            parts.append(",".join(map(str, group)))
        return ":".join([self.description, *parts])


def chance_spread(source: SeedSource, least: float) -> float:
    """How far, relative to itself, the least chance a volunteer has (``least``, under the published tickets)
    can move because the source has few results: one standard deviation, sqrt((1 - p) / (N p)).

    Why persons and not tickets: the key is a hash of the result, so the N equally likely results fall on the
    tickets like N balls in bins, and a volunteer holding tickets worth p catches about Binomial(N, p) of
    them, whatever the number of tickets. A single ticket of M moves by sqrt(M / N) of itself (7% for the
    French loto and 100,000 tickets) but a person holds thousands of tickets, and that is what a panel's
    fairness is about. For sources whose results are not equally likely (sorted dice), N is 1 / (chance of
    the likeliest result), which bounds the variance from above."""
    if least <= 0.0:
        return 0.0
    return math.sqrt((1.0 - least) / (source.equally_likely_outcomes() * least))


def seed_facts(source: SeedSource | None, least: float) -> list[tuple[str, dict[str, Any]]]:
    """What ``prepare`` states about a typed lottery or dice source: how many results it has, how many
    equally likely ones they are worth, and how closely the least chance a volunteer has holds
    (:func:`chance_spread`)."""
    if source is None or source.kind not in (*GAMES, "dice"):
        return []
    params = {"source": source.description, "outcomes": source.outcomes(), "worth": source.equally_likely_outcomes()}
    return [("seed.outcomes", {**params, "least": least, "bias": chance_spread(source, least)})]


def seed_warnings(source: SeedSource | None, least: float) -> list[tuple[str, dict[str, Any]]]:
    """What ``prepare`` warns about the announced source (catalogue key, parameters): a free text can be
    spelled many ways; a typed source with too few results moves the least chance a volunteer has by more
    than :data:`RELATIVE_BIAS_WARNING` of itself (:func:`chance_spread`)."""
    if source is None or source.kind in ("rehearsal", "drand"):
        return []
    if not source.typed:
        return [("seed.free-text", {"kinds": "euromillions:<YYYY-MM-DD>, loto:<YYYY-MM-DD>, dice:<N>d<S>, drand"})]
    spread = chance_spread(source, least)
    if spread > RELATIVE_BIAS_WARNING:
        params = {"outcomes": source.equally_likely_outcomes(), "least": least, "bias": spread}
        return [("seed.too-few-outcomes", {"source": source.description, **params})]
    return []
