"""The message catalogue: both languages complete and alike, every key the code uses defined, the language
picked from the locale."""

from __future__ import annotations

import ast
import importlib
import os
import string
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from sortition.i18n.catalogue import CATALOGUE, LANGUAGES, default_language, translate
from tests.conftest import ROOT

SOURCES = sorted([*(ROOT / "sortition").rglob("*.py"), *(ROOT / "cli").rglob("*.py")])
TEMPLATES = sorted((ROOT / "sortition").rglob("*.j2"))
# functions whose first argument is a message key: the catalogue's own, the CLI's, the report's helper
TRANSLATORS = {"translate", "T", "phrase"}
# template filters whose input is a message key: ``{{ "report.title" | t }}``
TEMPLATE_TRANSLATORS = {"t"}
# constructors whose first argument is a message key
KEYED = {"Check", "DrawError"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literal_start(node: ast.expr) -> tuple[str, bool] | None:
    """(text, complete) for a string literal, or for the literal start of ``"prefix" + x`` / an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value, True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        start = _literal_start(node.left)
        return (start[0], False) if start else None
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return str(node.values[0].value), False
    return None


def _template_literals(node: nodes.Node) -> list[tuple[str, bool]]:
    """(text, complete) for a template string, ``"prefix" ~ x``, or each branch of ``"a" if c else "b"``."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return [(node.value, True)]
    if isinstance(node, nodes.Concat) and node.nodes:
        return [(text, False) for text, _ in _template_literals(node.nodes[0])]
    if isinstance(node, nodes.CondExpr):
        return _template_literals(node.expr1) + (_template_literals(node.expr2) if node.expr2 else [])
    return []


def _template_trees() -> list[tuple[Path, nodes.Template]]:
    environment = Environment()
    return [(path, environment.parse(path.read_text(encoding="utf-8"), path.name)) for path in TEMPLATES]


def used_keys() -> list[tuple[str, bool, str]]:
    """(key or key prefix, complete, where) for every message key written in the code or the templates."""
    found = []
    for path, template in _template_trees():
        for node in template.find_all(nodes.Filter):
            if node.name in TEMPLATE_TRANSLATORS and node.node is not None:
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found += [(text, complete, where) for text, complete in _template_literals(node.node)]
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _name(node.func)
            start = _literal_start(node.args[0])
            if start is None:
                continue
            text, complete = start
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name in TRANSLATORS or name in KEYED:
                found.append((text, complete, where))
            elif name == "Problem" or (
                name == "add"
                and isinstance(node.func, ast.Attribute)
                and "problem" in ast.unparse(node.func.value).lower()
            ):
                found.append(("problem." + text, complete, where))
    return found


def test_both_languages_define_the_same_keys():
    assert set(LANGUAGES) == set(CATALOGUE)
    en, fr = CATALOGUE["en"], CATALOGUE["fr"]
    assert sorted(set(en) - set(fr)) == [], "keys missing in French"
    assert sorted(set(fr) - set(en)) == [], "keys missing in English"


def test_same_parameters_in_both_languages():
    en, fr = CATALOGUE["en"], CATALOGUE["fr"]
    different = {key: (_fields(en[key]), _fields(fr[key])) for key in en if _fields(en[key]) != _fields(fr[key])}
    assert different == {}


def test_no_empty_message_and_every_message_formats():
    for lang, table in CATALOGUE.items():
        for key, text in table.items():
            assert text.strip(), (lang, key)
            assert not any(name == "" or name.isdigit() for name in _fields(text)), (lang, key)  # named fields
            translate(key, lang, **dict.fromkeys(_fields(text), "x"))


def test_the_scan_finds_keys_in_every_form():
    keys = {text for text, _, _ in used_keys()}
    assert "help.report-out" in keys  # T("...") in a Typer annotation
    assert "report.title" in keys  # "..." | t in a template
    assert "report.plot-least" in keys  # phrase("...") in the report's charts
    assert "report.state-" in keys  # "prefix" ~ variable in a template
    assert {"report.yes", "report.no"} <= keys  # ("..." if x else "...") | t in a template
    assert "verify.panels" in keys  # Check("...")
    assert "draw.tampered" in keys  # DrawError("...")
    assert "problem.id-duplicate" in keys  # problems.add("...")
    assert "check.bound-" in keys  # "prefix" + variable


def test_every_key_used_in_the_code_exists():
    en = CATALOGUE["en"]
    missing = [f"{where}: {text}" for text, complete, where in used_keys() if complete and text not in en]
    assert missing == []
    orphans = [
        f"{where}: {text}..."
        for text, complete, where in used_keys()
        if not complete and not any(key.startswith(text) for key in en)
    ]
    assert orphans == []


def _string_constants() -> set[str]:
    out: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.add(node.value)
    for _, template in _template_trees():
        out |= {node.value for node in template.find_all(nodes.Const) if isinstance(node.value, str)}
    return out


@pytest.mark.parametrize("section", ["catalogue_report", "catalogue_report_figures"])
def test_report_section_keys_are_prefixed_and_used(section):
    """No dead key in the report's sections: each is written somewhere in the code, whole or as a prefix."""
    messages_report = importlib.import_module(f"sortition.i18n.{section}")

    assert all(key.startswith(("report.", "help.report")) for key in messages_report.EN)
    constants = _string_constants()
    prefixes = [text for text, whole, _ in used_keys() if not whole]
    registered_in_main = {"help.report"}  # the command's own help, given where cli/main.py registers it
    unused = [
        key
        for key in messages_report.EN
        if key not in constants | registered_in_main and not any(key.startswith(p) for p in prefixes)
    ]
    assert unused == []


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_CA"}, "fr"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),  # LC_ALL wins
        ({"LC_ALL": "", "LC_MESSAGES": "fr_BE.UTF-8", "LANG": "en_US"}, "fr"),
    ],
)
def test_default_language_from_the_locale(environ, expected):
    assert default_language(environ) == expected


@pytest.mark.parametrize(("lang", "expected"), [("fr_FR.UTF-8", "fr"), ("en_US.UTF-8", "en"), ("C", "en")])
def test_default_language_in_a_fresh_process(lang, expected):
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env["LANG"] = lang
    result = subprocess.run(
        [sys.executable, "-c", "from sortition.i18n.catalogue import default_language; print(default_language())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(ROOT),
    )
    assert result.stdout.strip() == expected
