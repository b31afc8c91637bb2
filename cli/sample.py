"""``sortition sample``: a synthetic pool of volunteers (or persons of the population) from a bundled scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sortition.i18n.catalogue import format_decimal, format_int
from sortition.protocol.files import atomic_write_bytes
from sortition.synthetic import (
    DEFAULT_RESPONSE_RATE,
    SCENARIOS,
    csv_bytes,
    load_scenario,
    pool_files,
    sample_pool,
    sample_population,
)

from .common import EXIT_BAD_INPUT, EXIT_OK, T, console, err_console, print_json, resolve_lang


def _refuse(lang: str, as_json: bool, key: str, **params: str) -> None:
    """Report why nothing was written, then exit with code 2."""
    message = T(key, lang, **params)
    if as_json:
        print_json({"error": key, "message": message})
    else:
        err_console.print(message, style="bold red", markup=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def sample_command(
    scenario: Annotated[
        str, typer.Option(help=T("help.sample-scenario", scenarios=", ".join(SCENARIOS)), show_default=False)
    ],
    n: Annotated[int, typer.Option("--n", "-n", min=1, help=T("help.sample-n"), show_default=False)],
    out: Annotated[Path, typer.Option(help=T("help.sample-out"), show_default=False)],
    seed: Annotated[int, typer.Option(min=0, help=T("help.sample-seed"))] = 1,
    households: Annotated[bool, typer.Option(help=T("help.sample-households"))] = False,
    population: Annotated[bool, typer.Option(help=T("help.sample-population"))] = False,
    quotas_out: Annotated[Path | None, typer.Option(help=T("help.sample-quotas-out"), show_default=False)] = None,
    rates_out: Annotated[Path | None, typer.Option(help=T("help.sample-rates-out"), show_default=False)] = None,
    force: Annotated[bool, typer.Option(help=T("help.sample-force"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=T("help.json"))] = False,
    lang: Annotated[str | None, typer.Option(help=T("help.lang"), show_default=False)] = None,
) -> None:
    language = resolve_lang(lang)
    if scenario not in SCENARIOS:
        _refuse(language, as_json, "sample.scenario-unknown", value=scenario, known=", ".join(SCENARIOS))
    targets = [p for p in (out, quotas_out, rates_out) if p is not None]
    seen: set[Path] = set()
    for path in targets:
        key = path.resolve()
        if key in seen:
            _refuse(language, as_json, "sample.same-file", file=str(path))
        seen.add(key)
    if not force:
        for path in targets:
            if path.exists():
                _refuse(language, as_json, "sample.exists", file=str(path))
    chosen = load_scenario(scenario)
    quota_bytes = csv_bytes(("category", "value", "min", "max"), chosen.quotas)
    if population:
        people = sample_population(chosen, n, seed, households=households)
        header, rows = people.header, people.rows
        data = csv_bytes(header, rows)
    else:
        pool = sample_pool(chosen, n, seed, households=households)
        header, rows = pool.header, pool.rows
        data = pool_files(pool)["pool.csv"]
    files: dict[str, str] = {}
    if rates_out is not None:
        factors = [(c, v, f"{f:g}") for c, per_value in chosen.response_factors.items() for v, f in per_value.items()]
        atomic_write_bytes(rates_out, csv_bytes(("category", "value", "factor"), factors), overwrite=force)
        files["rates"] = str(rates_out)
    if quotas_out is not None:
        atomic_write_bytes(quotas_out, quota_bytes, overwrite=force)
        files["quotas"] = str(quotas_out)
    atomic_write_bytes(out, data, overwrite=force)  # last: a written pool always has its companions
    files["population" if population else "pool"] = str(out)
    n_households = len({row[header.index("household")] for row in rows}) if households else None
    if as_json:
        print_json(
            {
                "scenario": scenario,
                "n": n,
                "k": chosen.k,
                "seed": seed,
                "kind": "population" if population else "pool",
                "households": n_households,
                "files": files,
            }
        )
        raise typer.Exit(EXIT_OK)
    common = {"n": format_int(n, language), "scenario": scenario, "seed": str(seed), "file": str(out)}
    if population:
        console.print(T("sample.written-population", language, **common), markup=False)
    else:
        console.print(T("sample.written-pool", language, k=chosen.k, **common), markup=False)
    if n_households is not None:
        console.print(T("sample.households", language, households=format_int(n_households, language)))
    if quotas_out is not None:
        console.print(
            T("sample.written-quotas", language, count=len(chosen.quotas), k=chosen.k, file=str(quotas_out)),
            markup=False,
        )
    if rates_out is not None:
        rate = format_decimal(DEFAULT_RESPONSE_RATE, 2, language)
        console.print(T("sample.written-rates", language, file=str(rates_out), rate=rate), markup=False)
    raise typer.Exit(EXIT_OK)
