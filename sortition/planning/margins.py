"""A population built from census shares per category, as a town has them, instead of a joint table.

A town knows how many of its inhabitants are women, aged 16-29, or live in each neighbourhood, but rarely
how many young women live in the centre. The planner needs the joint distribution (cells with weights), so
it builds one by raking (iterative proportional fitting, :func:`sortition.synthetic.joint.rake`):

* the seed is **independence** (each cell's weight the product of its values' shares), times the **French
  default associations** of ``sortition/data/fr/synthetic_model.json`` between the categories and values it
  knows (the young are more often students and tenants, ...), as for the bundled scenarios;
* the cells are rescaled in turn to every category's shares and to every table of **joint figures** given
  (e.g. census age by diploma) until they all hold (to 1e-10): the result keeps the seed's odds ratios
  wherever the figures leave them free.

Shares come from a margins file (``category,value,share``; French ``categorie,valeur,part``; a count column
also works, only proportions matter) or from the target shares of a quota file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sortition.errors import ProblemCollector
from sortition.load.tables import Table
from sortition.model.instance import Quotas
from sortition.planning.population import FloatArray, Population
from sortition.planning.validate import parse_number
from sortition.synthetic.joint import joint_table
from sortition.synthetic.scenarios import build_scenario
from sortition.text import fold, suggest

# Cells of the product of the categories' values beyond which the population is refused (memory bound).
MAX_CELLS = 2_000_000

_MARGIN_ALIASES = {
    "category": ("category", "categorie"),
    "value": ("value", "valeur"),
    "share": ("share", "part", "count", "effectif", "nombre", "proportion"),
}
_JOINT_WEIGHT = ("share", "part", "count", "effectif", "nombre", "proportion")

Shares = dict[str, dict[str, float]]


@dataclass(frozen=True)
class JointFigures:
    """Shares of the combinations of a few categories' values (normalised to sum to 1)."""

    source: str
    categories: tuple[str, ...]
    shares: tuple[tuple[tuple[str, ...], float], ...]


def _share(text: str) -> float | None:
    cleaned = text.strip()
    percent = cleaned.endswith("%")
    number = parse_number(cleaned.rstrip("%").strip())
    if number is None or number < 0:
        return None
    return number / 100 if percent else number


def _at(header: Sequence[str], aliases: Sequence[str]) -> int | None:
    for j, name in enumerate(header):
        if fold(name) in aliases:
            return j
    return None


def read_margins(table: Table, problems: ProblemCollector) -> Shares:
    """``category -> value -> share`` from a margins table (each category normalised to sum to 1)."""
    at = {key: _at(table.header, aliases) for key, aliases in _MARGIN_ALIASES.items()}
    if any(j is None for j in at.values()):
        problems.add("plan-margins-columns", file=table.file, row=1, found=", ".join(table.header) or "-")
        return {}
    jc, jv, js = at["category"], at["value"], at["share"]
    assert jc is not None and jv is not None and js is not None
    shares: Shares = {}
    first: dict[tuple[str, str], int] = {}
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        category, value, text = row[jc], row[jv], row[js]
        empty = [table.header[j] for j in (jc, jv, js) if not row[j]]
        for column in empty:
            problems.add("plan-rates-empty-field", file=table.file, row=number, column=column)
        if empty:
            continue
        share = _share(text)
        if share is None:
            problems.add("share-not-number", file=table.file, row=number, column=table.header[js], value=text)
            continue
        if (category, value) in first:
            problems.add(
                "plan-rates-duplicate",
                file=table.file,
                row=number,
                category=category,
                value=value,
                other_row=first[(category, value)],
            )
            continue
        first[(category, value)] = number
        shares.setdefault(category, {})[value] = share
    if not table.rows:
        problems.add("plan-rates-empty", file=table.file)
    return _normalised(shares, table.file, problems)


def _normalised(shares: Mapping[str, Mapping[str, float]], file: str, problems: ProblemCollector) -> Shares:
    out: Shares = {}
    for category, values in shares.items():
        total = sum(values.values())
        if total <= 0:
            problems.add("plan-margins-zero", file=file, category=category)
            continue
        out[category] = {v: s / total for v, s in values.items()}
    return out


def quota_shares(quotas: Quotas) -> Shares | None:
    """The target shares of a quota file written with shares (None if a quota has no share)."""
    if any(q.share is None for q in quotas):
        return None
    out: Shares = {}
    for q in quotas:
        assert q.share is not None
        out.setdefault(q.category, {})[q.value] = float(q.share)
    return out


def read_joint(table: Table, shares: Mapping[str, Mapping[str, float]], problems: ProblemCollector) -> JointFigures:
    """Joint figures: some category columns and a share (or count) column, one row per combination."""
    weight_at = _at(table.header, _JOINT_WEIGHT)
    categories = tuple(c for j, c in enumerate(table.header) if c and j != weight_at)
    if weight_at is None or not categories:
        problems.add("plan-joint-columns", file=table.file, row=1, found=", ".join(table.header) or "-")
        return JointFigures(table.file, (), ())
    for category in categories:
        if category not in shares:
            problems.add(
                "plan-joint-category-unknown",
                file=table.file,
                row=1,
                column=category,
                available=", ".join(shares) or "-",
                suggestion=suggest(category, list(shares)),
            )
    if len(problems.problems):
        return JointFigures(table.file, (), ())
    at = [table.header.index(c) for c in categories]
    rows: dict[tuple[str, ...], float] = {}
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        key = tuple(row[j] for j in at)
        usable = True
        for category, value in zip(categories, key, strict=True):
            if value not in shares[category]:
                allowed = list(shares[category])
                problems.add(
                    "plan-rates-value-unknown",
                    file=table.file,
                    row=number,
                    column=category,
                    value=value,
                    category=category,
                    allowed=", ".join(allowed),
                    suggestion=suggest(value, allowed),
                )
                usable = False
        share = _share(row[weight_at])
        if share is None:
            problems.add(
                "share-not-number", file=table.file, row=number, column=table.header[weight_at], value=row[weight_at]
            )
            usable = False
        if usable and share is not None:
            rows[key] = rows.get(key, 0.0) + share
    total = sum(rows.values())
    if not problems.problems and total <= 0:
        problems.add("plan-margins-zero", file=table.file, category=", ".join(categories))
    if problems.problems:
        return JointFigures(table.file, categories, ())
    return JointFigures(table.file, categories, tuple((k, s / total) for k, s in rows.items()))


def population_from_shares(
    shares: Mapping[str, Mapping[str, float]],
    categories: Sequence[str],
    values: Sequence[Sequence[str]],
    joints: Sequence[JointFigures],
    source: str,
    problems: ProblemCollector,
) -> tuple[Population | None, str]:
    """Cells over the product of ``values`` (one tuple per category), from the shares and the joint figures;
    returns the population (None on problems) and how it was built: ``independence``, ``associations``
    (the French default associations between the categories, raked to the shares) or ``raking`` (raked to
    the joint figures as well)."""
    sizes = [len(vs) for vs in values]
    n_cells = math.prod(sizes)
    if n_cells > MAX_CELLS:
        problems.add("plan-margins-too-many-cells", file=source, cells=n_cells, limit=MAX_CELLS)
        return None, "independence"
    full = {c: {v: shares.get(c, {}).get(v, 0.0) for v in vs} for c, vs in zip(categories, values, strict=True)}
    scenario = build_scenario(source, 1, full, ())
    targets: list[tuple[tuple[int, ...], FloatArray]] = []
    for joint in joints:
        axes = tuple(categories.index(c) for c in joint.categories)
        target = np.zeros([len(values[a]) for a in axes], dtype=np.float64)
        index = [{v: i for i, v in enumerate(values[a])} for a in axes]
        for key, share in joint.shares:
            target[tuple(index[n][v] for n, v in enumerate(key))] += share
        targets.append((tuple(sorted(axes)), np.transpose(target, np.argsort(axes))))
    model = "raking" if joints else ("associations" if scenario.associations else "independence")
    try:
        weights = joint_table(scenario, targets)
    except ValueError:
        problems.add("plan-raking-failed", file=source)
        return None, model
    codes = np.indices(sizes).reshape(len(sizes), -1).T.astype(np.int64)
    flat: FloatArray = np.asarray(weights.reshape(-1), dtype=np.float64)
    keep = flat > 1e-15
    if not keep.any():
        problems.add("plan-population-empty", file=source)
        return None, model
    population = Population(
        categories=tuple(categories),
        values=tuple(tuple(vs) for vs in values),
        codes=np.asarray(codes[keep], dtype=np.int64),
        weights=np.asarray(flat[keep] / flat[keep].sum(), dtype=np.float64),
        persons=False,
        source=source,
    )
    return population, model
