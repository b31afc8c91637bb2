"""Tampering: generated single changes to every file of honest draws and of their chain.

Honest draws: households and a typed EuroMillions seed with declared dates; a pseudonymised draw whose quotas
come from shares (typed Loto seed); a fair replacement and a reserve-list replacement of the first. Every
change the commitment covers must give a named FAIL; a consistent rewrite (re-hashed commitment, re-derived
record) must verify without ``--commitment`` (the verdict says "not anchored") and fail with it; what the
organiser alone declares (the draw's date) or a human compares (the seed's public result) is counted apart.
``verify`` must never raise.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from sortition_cli.main import app
from typer.testing import CliRunner

from sortition.protocol.canonical import canonical_json
from sortition.protocol.draw import draw
from sortition.protocol.verify import verify

runner = CliRunner()
Mutation = Callable[[Path], None]


def _invoke(*args: str) -> None:
    result = runner.invoke(app, [*args, "--lang", "en", "--quiet"])
    assert result.exit_code == 0, result.output


def _pool(path: Path, households: bool) -> None:
    lines = ["id,sexe,age,name" + (",foyer" if households else "")]
    for i in range(40):
        row = f"p{i:02d},{'F' if i % 2 else 'H'},{'jeune' if i % 3 else 'vieux'},Person {i}"
        lines.append(row + (f",f{i // 2 if i < 12 else i}" if households else ""))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _inputs(root: Path) -> None:
    """The pools (with and without households), quotas and target shares every honest draw starts from."""
    _pool(root / "pool_h.csv", True)
    _pool(root / "pool.csv", False)
    (root / "quotas.csv").write_text(
        "category,value,min,max\nsexe,F,3,5\nsexe,H,3,5\nage,jeune,4,6\nage,vieux,2,4\n", encoding="utf-8"
    )
    (root / "shares.csv").write_text(
        "category,value,share\nsexe,F,50%\nsexe,H,50%\nage,jeune,0.65\nage,vieux,0.35\n", encoding="utf-8"
    )


@pytest.fixture(scope="module")
def honest(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tamper")
    _inputs(root)
    a = root / "base" / "households"
    _invoke(
        "prepare", str(root / "pool_h.csv"), str(root / "quotas.csv"), "--k", "8", "--households", "foyer",
        "--seed-source", "euromillions:2026-12-01", "--date", "2026-11-20", "--out", str(a),
    )  # fmt: skip
    _invoke("draw", str(a), "--seed", "07 19 23 38 44 02 11", "--date", "2026-12-01")
    b = root / "base" / "pseudonymised"
    _invoke(
        "prepare", str(root / "pool.csv"), str(root / "shares.csv"), "--k", "9", "--pseudonymise",
        "--seed-source", "loto:2026-12-05", "--out", str(b),
    )  # fmt: skip
    _invoke("draw", str(b), "--seed", "3-12-25-31-47 / 7")
    panel = [line.split(",")[0] for line in (a / "panel.csv").read_text(encoding="utf-8").splitlines()[1:]]
    (root / "out1.csv").write_text(f"id\n{panel[0]}\n{panel[1]}\n", encoding="utf-8")
    fair = a / "replacement-1"
    _invoke(
        "replace", str(a), "--dropouts", str(root / "out1.csv"), "--seed-source", "loto:2026-12-12",
        "--out", str(fair),
    )  # fmt: skip
    _invoke("draw", str(fair), "--seed", "1 2 3 4 5 6")
    (root / "out2.csv").write_text(f"id\n{panel[2]}\n", encoding="utf-8")
    _invoke(
        "replace", str(a), "--dropouts", str(root / "out2.csv"), "--mode", "reserves", "--out", str(a / "reserve-1")
    )
    return {"households": a, "pseudonymised": b, "fair": fair, "reserves": a / "reserve-1"}


def _failed(directory: Path, commitment: str | None = None) -> list[str]:
    return [c.key for c in verify(directory, commitment=commitment) if c.status == "fail"]


def test_honest_draws_verify_anchored(honest):
    for name, directory in honest.items():
        anchor = hashlib.sha256((directory / "commitment.json").read_bytes()).hexdigest()
        assert _failed(directory, anchor) == [], name
        statuses = {c.key: c.status for c in verify(directory)}
        assert statuses["verify.not-anchored"] == "manual" and "fail" not in statuses.values(), name
    commitment = json.loads((honest["fair"] / "commitment.json").read_bytes())
    assert commitment["parameters"]["pseudonymised"] is False
    record = json.loads((honest["households"] / "audit.json").read_bytes())
    assert record["seed"]["text"] == "euromillions:2026-12-01:7,19,23,38,44:2,11"


# --- the mutations ---------------------------------------------------------------------------------------------


def _flip(name: str, at: float) -> Mutation:
    def mutate(d: Path) -> None:
        data = bytearray((d / name).read_bytes())
        i = min(int(len(data) * at), len(data) - 1)
        data[i] ^= 0x01
        (d / name).write_bytes(bytes(data))

    return mutate


def _lines(name: str, edit: Callable[[list[str]], list[str]]) -> Mutation:
    def mutate(d: Path) -> None:
        lines = (d / name).read_text(encoding="utf-8").splitlines()
        (d / name).write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")

    return mutate


def _json(name: str, edit: Callable[[dict], None]) -> Mutation:
    def mutate(d: Path) -> None:
        document = json.loads((d / name).read_bytes())
        edit(document)
        (d / name).write_bytes(canonical_json(document))

    return mutate


def _changed(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "0" if value else "2026-12-31"
    if isinstance(value, list):
        return value[:-1] if value else ["x"]
    return {**value, "extra": 1}


def _set(path: tuple[str, ...], make: Callable[[object], object]) -> Callable[[dict], None]:
    def edit(document: dict) -> None:
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = make(target[path[-1]])

    return edit


def _fields(document: dict, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for key, value in document.items():
        out.append((*prefix, key))
        if isinstance(value, dict):
            out += _fields(value, (*prefix, key))
    return out


def _rehash(edit: Callable[[dict], None], seed: str) -> Mutation:
    """An attacker's consistent rewrite: change the commitment, and draw it again from scratch."""

    def mutate(d: Path) -> None:
        date = json.loads((d / "audit.json").read_bytes())["date"]
        _json("commitment.json", edit)(d)
        for name in ("audit.json", "panel.csv", "reserves.csv"):
            (d / name).unlink()
        files, _ = draw(d, seed=seed, date=date or None)
        for name, data in files.items():
            (d / name).write_bytes(data)

    return mutate


def _cases(honest: dict[str, Path]) -> list[tuple[str, str, str, Mutation]]:
    """(draw, label, expected class, mutation): class "fail" (named FAIL), "anchored" (a consistent rewrite:
    only --commitment catches it), "uncovered" (not part of the commitment: the draw's date, the organiser's
    word; verify.html, the offline checker, which auditors take from their own copy of the tool): passes."""
    cases: list[tuple[str, str, str, Mutation]] = []
    for draw_name, directory in honest.items():
        files = sorted(p.name for p in directory.iterdir() if p.is_file())
        for name in files:
            expected = "uncovered" if name == "verify.html" else "fail"
            for at in (0.0, 0.3, 0.6, 0.97):
                cases.append((draw_name, f"{name}: byte {at:.0%} flipped", expected, _flip(name, at)))
            cases.append((draw_name, f"{name}: deleted", expected, lambda d, n=name: (d / n).unlink()))
            if name.endswith(".csv"):
                cases += [
                    (draw_name, f"{name}: row removed", "fail", _lines(name, lambda ls: ls[:1] + ls[2:])),
                    (draw_name, f"{name}: row duplicated", "fail", _lines(name, lambda ls: [*ls, ls[-1]])),
                    (draw_name, f"{name}: rows swapped", "fail", _lines(name, lambda ls: [*ls[:-2], ls[-1], ls[-2]])),
                    (draw_name, f"{name}: CRLF", "fail", _crlf(name)),
                ]
            elif name.endswith(".json"):
                document = json.loads((directory / name).read_bytes())
                for path in _fields(document):
                    label = f"{name}: {'.'.join(path)} changed"
                    if name == "audit.json" and path == ("date",):  # the draw's date is the organiser's word
                        expected = "fail" if draw_name == "reserves" else "uncovered"  # reserves: the commitment's
                        cases.append((draw_name, label, expected, _json(name, _set(path, lambda _: "2026-12-31"))))
                    else:
                        cases.append((draw_name, label, "fail", _json(name, _set(path, _changed))))
                cases.append((draw_name, f"{name}: unknown key", "fail", _json(name, lambda doc: doc.update(note="x"))))
        cases.append((draw_name, "file added", "fail", lambda d: (d / "notes.txt").write_text("x", encoding="utf-8")))
        cases.append((draw_name, "folder added", "fail", lambda d: (d / "extra").mkdir()))
    # the chain: the replacements' previous draw altered, or their link
    for draw_name in ("fair", "reserves"):
        if draw_name in honest:
            cases += [
                (draw_name, "previous panel.csv altered", "fail", lambda d: _flip("panel.csv", 0.5)(d.parent)),
                (
                    draw_name,
                    "previous audit.json re-canonicalised",
                    "fail",
                    lambda d: _json("audit.json", _set(("ticket",), _changed))(d.parent),
                ),
                (
                    draw_name,
                    "link path changed",
                    "fail",
                    _json("commitment.json", _set(("previous", "path"), lambda _: ".")),
                ),
                (draw_name, "previous audit.json deleted", "fail", lambda d: (d.parent / "audit.json").unlink()),
            ]
    # consistent rewrites of a commitment after the seed is known: only the published hash catches them
    seeds = {"households": "7 19 23 38 44 2 11", "pseudonymised": "3 12 25 31 47 7", "fair": "1 2 3 4 5 6"}
    for draw_name, seed in seeds.items():
        if draw_name in honest:
            cases += [
                (
                    draw_name,
                    "commitment date rewritten",
                    "anchored",
                    _rehash(_set(("date",), lambda _: "2026-11-30"), seed),
                ),
                (draw_name, "seed source's date moved", "anchored", _rehash(_set(("seed_source",), _later), seed)),
            ]
    if "reserves" in honest:  # a reserve list has no seed: its commitment re-dated, its record re-derived
        cases.append(("reserves", "reserve commitment re-dated", "anchored", _redate_reserves))
    return cases


def _redate_reserves(d: Path) -> None:
    date = "2026-12-20"
    _json("commitment.json", _set(("date",), lambda _: date))(d)
    commitment_hash = hashlib.sha256((d / "commitment.json").read_bytes()).hexdigest()
    _json("audit.json", lambda record: record.update(date=date, commitment_sha256=commitment_hash))(d)


def _crlf(name: str) -> Mutation:
    def mutate(d: Path) -> None:
        (d / name).write_bytes((d / name).read_bytes().replace(b"\n", b"\r\n"))

    return mutate


def _later(source: object) -> dict:
    assert isinstance(source, dict)
    date = "2026-12-19"
    return {**source, "date": date, "description": f"{source['kind']}:{date}"}


def test_every_single_change_is_named(honest, tmp_path):
    cases = _cases(honest)
    assert len(cases) >= 100
    outcomes: Counter[str] = Counter()
    wrong = []
    for i, (draw_name, label, expected, mutate) in enumerate(cases):
        work = tmp_path / str(i)
        source = honest[draw_name]
        base = source.parent if draw_name in ("fair", "reserves") else source
        shutil.copytree(base, work / base.name)
        directory = work / base.name / (source.name if base != source else "")
        anchor = hashlib.sha256((source / "commitment.json").read_bytes()).hexdigest()
        mutate(directory)
        failed, anchored = _failed(directory), _failed(directory, anchor)  # never raises
        found = "fail" if failed else ("anchored" if anchored else "uncovered")
        outcomes[found] += 1
        if found != expected:
            wrong.append((draw_name, label, expected, found))
    assert wrong == []
    # anchored: 2 rewrites of each lottery draw and the reserve list's; uncovered: the draw's date and 5 changes of
    # verify.html in each lottery draw
    assert outcomes["anchored"] == 7 and outcomes["uncovered"] == 3 * 6
    assert outcomes["fail"] == len(cases) - 25 and outcomes["fail"] >= 400
