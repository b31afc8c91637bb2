"""What rounding to tickets costs, per pool: read back from the ``lottery.json`` that ``prepare`` wrote.

Used by ``run.py``: the command rounds to its default number of tickets; here the same lottery is also
rounded to 1,000 tickets (a physical draw of three digits), by the library's rounding and by plain largest
remainder (the rounding before the swap descent), and the least positive selection probability of each is
compared with the LEXIMIN minimum.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from sortition.model.lottery import ZERO_PROBABILITY
from sortition.protocol.commit import document_panels
from sortition.protocol.tickets import round_weights
from sortition.stats import largest_remainder


def _arrays(lottery: dict[str, Any]) -> tuple[np.ndarray, sp.csr_matrix, np.ndarray]:
    """Weights, compositions (panels x groups, sparse) and group sizes, read as the library reads them."""
    compositions, sizes = document_panels(lottery)
    weights = np.array([float(p["weight"]) for p in lottery["panels"]])
    return weights / weights.sum(), compositions, sizes


def ticket_figures(lottery: dict[str, Any]) -> dict[str, Any]:
    """LEXIMIN minimum; count, least probability and loss of the command's tickets and of 1,000 tickets."""
    weights, compositions, sizes = _arrays(lottery)
    share = sp.csr_matrix(compositions.multiply(1.0 / sizes))
    target = share.T @ weights
    positive = target > ZERO_PROBABILITY
    optimum = float(target[positive].min())

    def least(counts: np.ndarray, total: int) -> float:
        return float((share.T @ counts / total)[positive].min())

    published = np.array([int(p["tickets"]) for p in lottery["panels"]], dtype=np.int64)
    total = int(lottery["tickets"])
    thousand = round_weights(weights, compositions, sizes, 1000)
    plain = least(largest_remainder(weights, 1000), 1000)
    return {
        "leximin_min": optimum,
        "panels": len(lottery["panels"]),
        "default_tickets": total,
        "default_min": least(published, total),
        "default_loss": max(0.0, 1 - least(published, total) / optimum),
        "default_method": lottery["rounding"]["method"],
        "default_deviation": float(lottery["rounding"]["max_deviation"]),
        "default_bound": float(lottery["rounding"]["proven_bound"]),
        "t1000_min": thousand.least,
        "t1000_loss": thousand.loss,
        "t1000_deviation": thousand.max_deviation,
        "t1000_bound": thousand.bound,
        "t1000_largest_remainder_min": plain,
        "t1000_largest_remainder_loss": max(0.0, 1 - plain / optimum),
    }


def render_tickets(rows: list[dict[str, Any]]) -> str:
    """One line per pool (rows: ``ticket_figures`` plus pool, n, k, command seconds, the previous release's
    command seconds and peer figures)."""
    head = [
        "instance",
        "n",
        "k",
        "LEXIMIN min",
        "tickets (default)",
        "min after",
        "loss",
        "min after 1,000",
        "loss",
        "1,000 by largest remainder",
        "loss",
        "panels",
        "command s",
        "previous release s",
        "peer",
    ]
    body = []
    for r in rows:
        body.append(
            [
                r["pool"],
                str(r["n"]),
                str(r["k"]),
                f"{r['leximin_min']:.6f}",
                f"{r['default_tickets']:,}",
                f"{r['default_min']:.6f}",
                f"{100 * r['default_loss']:.3f}%",
                f"{r['t1000_min']:.6f}",
                f"{100 * r['t1000_loss']:.2f}%",
                f"{r['t1000_largest_remainder_min']:.6f}",
                f"{100 * r['t1000_largest_remainder_loss']:.2f}%",
                str(r["panels"]),
                f"{r['command_seconds']:.2f}",
                f"{r['previous_seconds']:.2f}" if r.get("previous_seconds") is not None else "",
                r.get("peer", ""),
            ]
        )
    widths = [max(len(h), *(len(row[i]) for row in body)) if body else len(h) for i, h in enumerate(head)]

    def line(cells: list[str]) -> str:
        return (
            "| "
            + " | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
            + " |"
        )

    sep = "|" + "|".join(("-" * (w + 1) + ":") if i else "-" * (w + 2) for i, w in enumerate(widths)) + "|"
    return "\n".join([line(head), sep, *(line(r) for r in body)])
