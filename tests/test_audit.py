"""The auditable draw: sampler vectors, determinism, tampering, seeds, privacy, and refusing to overwrite."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from sortition_cli.main import app
from typer.testing import CliRunner

from sortition.errors import DrawError
from sortition.protocol.canonical import NotCanonicalError, canonical_json
from sortition.protocol.draw import draw
from sortition.protocol.formats import _git_revision
from sortition.protocol.page import verify_page
from sortition.protocol.sampler import Stream, derive_key, normalise_seed
from sortition.protocol.verify import verify
from tests.conftest import ROOT, SAMPLES

runner = CliRunner()
COMMITMENT = "0" * 63 + "1"
VECTORS = [
    (
        "12 25 31 40 47",
        "0c5491e128cc1e12a94bce20a05c1342152e3db2405089911cd743b03a2ad9a0",
        [668, 91, 615, 300, 72],
        ["i", "h", "j"],
    ),
    (
        "  Tirage  public\u00a0du 1er décembre ",
        "95e905e3d8c19d8110e5e25e73dd87ceb45e1947ea04acdf37320461911e1a5e",
        [973, 259, 454, 499, 15],
        ["d", "g", "i"],
    ),
    (
        "drand:quicknet:12345678:" + "ab" * 32,
        "5907bf10bdf7126a8b9c2f7b3210aa7f151bc3064b514cd532ab28c76b8cf8b4",
        [866, 970, 263, 86, 575],
        ["g", "h", "j"],
    ),
]


def _reference_uniforms(commitment: str, seed: str, n: int, count: int) -> list[int]:
    """docs/audit-protocol.md steps 1-4, written again from the text, with hashlib only."""
    text = " ".join(unicodedata.normalize("NFC", seed).split())
    key = hashlib.sha256(b"sortition-toolkit draw v1\x00" + commitment.encode() + b"\x00" + text.encode()).digest()
    stream = b"".join(hashlib.sha256(key + i.to_bytes(8, "big")).digest() for i in range(64))
    out, pos = [], 0
    while len(out) < count:
        x = int.from_bytes(stream[pos : pos + 8], "big")
        pos += 8
        if x < 2**64 - 2**64 % n:
            out.append(x % n)
    return out


@pytest.mark.parametrize(("seed", "key", "uniforms", "chosen"), VECTORS)
def test_sampler_vectors(seed, key, uniforms, chosen):
    assert derive_key(COMMITMENT, seed).hex() == key
    stream = Stream(bytes.fromhex(key))
    assert [stream.uniform(1000) for _ in range(5)] == uniforms
    assert _reference_uniforms(COMMITMENT, seed, 1000, 5) == uniforms
    assert Stream(bytes.fromhex(key)).choose(list("abcdefghij"), 3) == chosen


def test_uniform_is_exactly_uniform_by_rejection(monkeypatch):
    """Every value of uniform(6) has exactly as many accepted 64-bit words: fed the 4 words at the top, which
    must be rejected, then the last 6000 accepted words, it returns each value exactly 1000 times."""
    n = 6
    limit = 2**64 - 2**64 % n
    stream = Stream(derive_key(COMMITMENT, "x"))
    words = iter([*range(limit, 2**64), *range(limit - 1000 * n, limit)])
    monkeypatch.setattr(stream, "_word", lambda: next(words))
    counts = Counter(stream.uniform(n) for _ in range(1000 * n))
    assert counts == dict.fromkeys(range(n), 1000)
    assert next(words, None) is None  # the 4 rejected words were read, and skipped
    with pytest.raises(ValueError):
        normalise_seed(" \u00a0 ")


def test_uniform_on_the_real_stream_passes_a_chi_square():
    # 2**64 = n + 2**62: without rejection, the first third of [0, n) would come up twice as often
    stream = Stream(derive_key(COMMITMENT, "x"))
    n = 3 * 2**62
    thirds = Counter(stream.uniform(n) // 2**62 for _ in range(3000))
    chi_square = sum((thirds[t] - 1000) ** 2 / 1000 for t in range(3))
    assert chi_square < 13.8  # 2 degrees of freedom, p = 0.001; the seed is fixed, so the verdict is too
    assert stream.consumed > 3000  # about a quarter of the words were rejected


def test_choose_gives_every_ordered_choice_exactly_once():
    """Over every sequence of uniform values, each ordered choice of 2 of 4 items comes out exactly once (the
    partial Fisher-Yates shuffle is a bijection), so exact uniform values give exactly uniform choices."""
    outcomes: Counter[tuple[str, ...]] = Counter()
    for first, second in itertools.product(range(4), range(3)):
        asked: list[int] = []
        stream = Stream(bytes(32))
        script = iter([first, second])
        stream.uniform = lambda n, asked=asked, script=script: asked.append(n) or next(script)  # type: ignore[method-assign]
        outcomes[tuple(stream.choose("abcd", 2))] += 1
        assert asked == [4, 3]
    assert outcomes == Counter(itertools.permutations("abcd", 2))


def test_canonical_json():
    assert canonical_json({"b": 1, "a": ["é", 2]}) == '{"a":["é",2],"b":1}'.encode()
    with pytest.raises(NotCanonicalError):
        canonical_json({"x": 0.5})


def test_source_revision_is_read_from_git_without_running_git(tmp_path):
    """The tool identity's revision: a detached HEAD, a loose ref (which wins), a packed ref, or nothing."""
    package = tmp_path / "repo" / "sortition" / "protocol"
    package.mkdir(parents=True)
    git = tmp_path / "repo" / ".git"
    git.mkdir()
    loose, packed, detached = "1" * 40, "2" * 40, "3" * 40
    assert _git_revision(package) is None  # no HEAD
    (git / "HEAD").write_text(detached + "\n", encoding="ascii")
    assert _git_revision(package) == detached
    (git / "HEAD").write_text("3" * 12 + "\n", encoding="ascii")
    assert _git_revision(package) is None  # not a full commit hash
    (git / "HEAD").write_text("ref: refs/heads/main\n", encoding="ascii")
    assert _git_revision(package) is None  # the branch is nowhere
    (git / "packed-refs").write_text(
        f"# pack-refs with: peeled fully-peeled sorted\n{loose} refs/heads/other\n{packed} refs/heads/main\n",
        encoding="ascii",
    )
    assert _git_revision(package) == packed
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "refs" / "heads" / "main").write_text(loose + "\n", encoding="ascii")
    assert _git_revision(package) == loose


# --- end to end -------------------------------------------------------------------------------------------


def _prepare(out: Path, pool: Path, quotas: Path, k: int, *extra: str) -> str:
    result = runner.invoke(
        app, ["prepare", str(pool), str(quotas), "--k", str(k), "--out", str(out), "--lang", "en", *extra]
    )
    assert result.exit_code == 0, result.output
    return (
        json.loads((out / "commitment.json").read_bytes())
        and hashlib.sha256((out / "commitment.json").read_bytes()).hexdigest()
    )


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> Path:
    """A prepared and drawn jury (household rule on), announced with a free-text source."""
    out = tmp_path_factory.mktemp("draw") / "jury"
    jury = SAMPLES / "jury30"
    _prepare(
        out,
        jury / "pool.csv",
        jury / "quotas.csv",
        30,
        "--households",
        "household",
        "--seed-source",
        "EuroMillions of 2026-12-01, main numbers in drawn order",
    )
    result = runner.invoke(app, ["draw", str(out), "--seed", "5 12 23 34 45", "--lang", "en"])
    assert result.exit_code == 0, result.output
    return out


def _statuses(directory: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for check in verify(directory):
        key = check.key + (":" + check.params["file"] if check.key == "verify.hash" else "")
        out[key] = check.status
    return out


def test_full_draw_verifies(drawn):
    statuses = _statuses(drawn)
    assert "fail" not in statuses.values(), statuses
    assert statuses["verify.seed-text"] == "manual"
    result = runner.invoke(app, ["verify", str(drawn), "--lang", "en"])
    assert result.exit_code == 0 and "2 to compare by hand" in result.output and "Not anchored" in result.output
    anchor = hashlib.sha256((drawn / "commitment.json").read_bytes()).hexdigest()
    assert anchor in result.output, "without --commitment, the full hash is printed for a check by hand"
    result = runner.invoke(app, ["verify", str(drawn), "--commitment", anchor, "--lang", "en"])
    assert result.exit_code == 0 and "1 to compare by hand" in result.output and "Not anchored" not in result.output
    panel = (drawn / "panel.csv").read_text(encoding="utf-8").strip().split("\n")
    assert len(panel) == 31 and panel[0].startswith("id,age,")


def test_resolving_passes_a_leximin_draw_and_fails_an_unfair_one(drawn, tmp_path):
    """``--resolve`` re-solves LEXIMIN here: an honest LEXIMIN draw passes; a draw whose every hash is right
    but whose lottery is the unfair legacy one (the lone conservative woman far below 10%) fails."""
    assert [c.status for c in verify(drawn, resolve=True) if c.key == "verify.resolve"] == ["pass"]
    small = SAMPLES / "example_small_20"
    out = tmp_path / "legacy"
    _prepare(out, small / "pool.csv", small / "quotas.csv", 20, "--algorithm", "legacy", "--legacy-runs", "200")
    assert runner.invoke(app, ["draw", str(out), "--seed", "1 2 3"]).exit_code == 0
    statuses = {c.key: c.status for c in verify(out, resolve=True) if c.key != "verify.seed-unannounced"}
    assert statuses.pop("verify.resolve") == "fail"
    assert "fail" not in statuses.values(), statuses


def test_unreadable_or_missing_records_fail_without_raising(drawn, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(drawn, copy)
    (copy / "audit.json").write_bytes(b"\xff{not json")
    assert _statuses(copy)["verify.audit-readable"] == "fail"
    (copy / "audit.json").unlink()
    assert "fail" in _statuses(copy).values()  # draw outputs without their audit record
    (copy / "panel.csv").unlink()
    (copy / "reserves.csv").unlink()
    statuses = _statuses(copy)
    assert statuses["verify.not-drawn"] == "manual" and "fail" not in statuses.values()
    (copy / "lottery.json").unlink()
    assert ("verify.files", "fail") in [(c.key, c.status) for c in verify(copy)]


@pytest.mark.parametrize(
    ("file", "edit", "failing"),
    [
        ("pool.csv", lambda t: t.replace("Femme", "Homme", 1), "verify.hash:pool.csv"),
        ("quotas.csv", lambda t: t.replace(",14,", ",13,", 1), "verify.hash:quotas.csv"),
        ("lottery.json", lambda t: t.replace('"tickets":', '"tickets": ', 1), "verify.canonical"),
        ("tickets.csv", lambda t: t.replace("\n0,", "\n1,", 1), "verify.tickets-table"),
        ("probabilities.csv", lambda t: t.replace("/", "0/", 1), "verify.probabilities"),
        ("panel.csv", lambda t: t.replace("\np", "\nq", 1), "verify.panel"),
        ("reserves.csv", lambda t: t.replace("\n1,", "\n0,", 1), "verify.reserves"),
        ("audit.json", lambda t: t.replace('"ticket":', '"ticket":1', 1), "verify.ticket"),
        ("commitment.json", lambda t: t.replace("EuroMillions", "Loto", 1), "verify.commitment"),
    ],
)
def test_tampering_fails_a_named_check(drawn, tmp_path, file, edit, failing):
    copy = tmp_path / "copy"
    shutil.copytree(drawn, copy)
    path = copy / file
    before = path.read_text(encoding="utf-8")
    after = edit(before)
    assert after != before
    path.write_text(after, encoding="utf-8")
    statuses = _statuses(copy)
    assert statuses.get(failing) == "fail", statuses
    assert runner.invoke(app, ["verify", str(copy)]).exit_code == 1


def test_swapping_two_panels_in_the_lottery_fails(drawn, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(drawn, copy)
    lottery = json.loads((copy / "lottery.json").read_bytes())
    lottery["panels"][0], lottery["panels"][1] = lottery["panels"][1], lottery["panels"][0]
    (copy / "lottery.json").write_bytes(canonical_json(lottery))
    assert _statuses(copy)["verify.hash:lottery.json"] == "fail"


def test_draw_refuses_tampered_files_and_redraws(drawn, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(drawn, copy)
    before = {p.name: p.read_bytes() for p in copy.iterdir()}
    for option in ([], ["--force"]):  # a commitment is drawn once: no way to draw it again
        assert runner.invoke(app, ["draw", str(copy), "--seed", "other", *option]).exit_code == 2
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == before
    for name in ("audit.json", "panel.csv", "reserves.csv"):
        (copy / name).unlink()
    pool = copy / "pool.csv"
    pool.write_text(pool.read_text(encoding="utf-8").replace("Femme", "Homme", 1), encoding="utf-8")
    with pytest.raises(DrawError) as info:
        draw(copy, seed="5 12 23 34 45")
    assert info.value.key == "draw.tampered"


def test_prepare_refuses_to_overwrite(tmp_path):
    small = SAMPLES / "example_small_20"
    out = tmp_path / "d"
    _prepare(out, small / "pool.csv", small / "quotas.csv", 20)
    before = (out / "commitment.json").read_bytes()
    result = runner.invoke(
        app, ["prepare", str(small / "pool.csv"), str(small / "quotas.csv"), "--k", "20", "--out", str(out)]
    )
    assert result.exit_code == 2 and (out / "commitment.json").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary directory left behind"


def test_unannounced_source_fails_verification(tmp_path):
    small = SAMPLES / "example_small_20"
    out = tmp_path / "d"
    _prepare(out, small / "pool.csv", small / "quotas.csv", 20)
    assert runner.invoke(app, ["draw", str(out), "--seed", "1 2 3"]).exit_code == 0
    assert _statuses(out)["verify.seed-unannounced"] == "fail"


def _beacon(round_: int) -> dict:
    signature = hashlib.sha256(f"signature {round_}".encode()).hexdigest() * 3
    return {"round": round_, "signature": signature, "randomness": hashlib.sha256(bytes.fromhex(signature)).hexdigest()}


def test_drand_beacon_round_is_enforced(tmp_path):
    small = SAMPLES / "example_small_20"
    out = tmp_path / "d"
    _prepare(out, small / "pool.csv", small / "quotas.csv", 20, "--seed-source", "drand:quicknet:12345678")
    with pytest.raises(DrawError) as info:
        draw(out, seed="free text")
    assert info.value.key == "draw.drand-needs-beacon"
    with pytest.raises(DrawError) as info:
        draw(out, beacon=_beacon(12345679))
    assert info.value.key == "draw.wrong-round"
    bad = _beacon(12345678)
    bad["randomness"] = "00" * 32
    with pytest.raises(DrawError) as info:
        draw(out, beacon=bad)
    assert info.value.key == "draw.beacon-randomness"
    garbled = _beacon(12345678)
    garbled["signature"] = "not hexadecimal"
    with pytest.raises(DrawError) as info:
        draw(out, beacon=garbled)
    assert info.value.key == "draw.beacon-randomness"
    with pytest.raises(DrawError) as info:
        draw(out, beacon={"round": "twelve", "randomness": "00", "signature": "00"})
    assert info.value.key == "draw.bad-beacon"
    (tmp_path / "round.json").write_text(json.dumps(_beacon(12345678)), encoding="utf-8")
    result = runner.invoke(app, ["draw", str(out), "--beacon", str(tmp_path / "round.json"), "--lang", "en"])
    assert result.exit_code == 0 and "NOT checked" in result.output
    statuses = _statuses(out)
    assert statuses["verify.seed-drand"] == "pass" and statuses["verify.seed-signature"] == "manual"
    assert "fail" not in statuses.values()


def _all_output_text(directory: Path) -> str:
    """Every published file's text but verify.html, the tool's own page, the same for every draw (checked)."""
    assert (directory / "verify.html").read_bytes() == verify_page()
    files = [p for p in sorted(directory.rglob("*")) if p.is_file() and p.name != "verify.html"]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def test_no_private_column_is_published(drawn):
    jury = SAMPLES / "jury30"
    header = (jury / "pool.csv").read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    private = [c for c in ("nom", "telephone", "email") if c in header]
    assert private, "the sample pool carries private columns to test this"
    import csv

    with open(jury / "pool.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    published = _all_output_text(drawn)
    for column in private:
        assert column not in published
        for row in rows[:200]:
            assert row[column] not in published, (column, row[column])


def test_pseudonymise_hides_ids(tmp_path):
    small = SAMPLES / "example_large_200"
    out = tmp_path / "d"
    _prepare(out, small / "pool.csv", small / "quotas.csv", 200, "--pseudonymise", "--seed-source", "dice")
    ids = [line.split(",")[0] for line in (small / "pool.csv").read_text().strip().split("\n")[1:]]
    published_ids = {line.split(",")[0] for line in (out / "pool.csv").read_text().strip().split("\n")[1:]}
    assert not published_ids & set(ids)
    private = tmp_path / "d.private"
    assert (private / "salt.txt").is_file()
    mapping = (private / "pseudonyms.csv").read_text().strip().split("\n")[1:]
    assert {line.split(",")[1] for line in mapping} == published_ids


def _commitment_and_panel(out: Path) -> tuple[str, str]:
    draw_result = runner.invoke(app, ["draw", str(out), "--seed", "7 7 7", "--json"])
    assert draw_result.exit_code == 0, draw_result.output
    return (
        hashlib.sha256((out / "commitment.json").read_bytes()).hexdigest(),
        (out / "panel.csv").read_text(encoding="utf-8"),
    )


def test_same_draw_from_any_export_of_the_pool(tmp_path):
    source = SAMPLES / "example_small_20"
    lines = (source / "pool.csv").read_text(encoding="utf-8").strip().split("\n")
    variants = {
        "plain": ("\n".join(lines) + "\n").encode("utf-8"),
        "shuffled-crlf-cp1252": ("\r\n".join([lines[0], *reversed(lines[1:])]) + "\r\n").encode("cp1252"),
        "bom-semicolon": b"\xef\xbb\xbf" + ("\n".join(line.replace(",", ";") for line in lines) + "\n").encode(),
    }
    results = set()
    for name, data in variants.items():
        (tmp_path / f"{name}.csv").write_bytes(data)
        out = tmp_path / name
        _prepare(out, tmp_path / f"{name}.csv", source / "quotas.csv", 20, "--seed-source", "dice")
        results.add(_commitment_and_panel(out))
    assert len(results) == 1


def test_nfd_accents_give_the_same_commitment(tmp_path):
    jury = SAMPLES / "jury30"
    text = (jury / "pool.csv").read_text(encoding="utf-8")
    (tmp_path / "nfd.csv").write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    a = _prepare(tmp_path / "a", jury / "pool.csv", jury / "quotas.csv", 30, "--seed-source", "dice")
    b = _prepare(tmp_path / "b", tmp_path / "nfd.csv", jury / "quotas.csv", 30, "--seed-source", "dice")
    assert a == b


def test_same_bytes_across_processes_and_hash_seeds(tmp_path):
    """prepare and draw (one ``rehearse``, one process per hash seed) write the same bytes."""
    small = SAMPLES / "example_small_20"
    outputs = []
    for seed in ("0", "4242"):
        out = tmp_path / f"run{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        args = ["rehearse", str(small / "pool.csv"), str(small / "quotas.csv"), "--k", "20", "--seed", "1 2 3"]
        subprocess.run(
            [sys.executable, "-m", "sortition", *args, "--out", str(out), "--quiet"],
            check=True,
            env=env,
            cwd=ROOT,
            capture_output=True,
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert "audit.json" in outputs[0] and "panel.csv" in outputs[0]
    assert outputs[0] == outputs[1]


def test_the_tool_identity_names_the_revision_given_or_found(monkeypatch):
    from sortition.protocol import formats

    revision = "0123456789abcdef0123456789abcdef01234567"
    monkeypatch.setenv(formats.REVISION_VARIABLE, revision)
    formats.tool_name.cache_clear()
    try:
        assert formats.tool_name() == f"sortition-toolkit {formats.__version__}+g{revision[:12]}"
        monkeypatch.setenv(formats.REVISION_VARIABLE, "")
        formats.tool_name.cache_clear()
        assert formats.tool_name() == f"sortition-toolkit {formats.__version__}"
    finally:
        formats.tool_name.cache_clear()
