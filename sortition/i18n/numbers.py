"""Numbers as French readers write them: ``0,032``, ``2,3 × 10⁻¹⁰``, ``12 345`` (narrow no-break spaces).

:func:`sortition.i18n.catalogue.translate` passes every parameter of a French message through
:func:`french_param`, so that a number formatted in English upstream (``f"{x:.6f}"``, ``f"{x:.1e}"``, a
float) never reaches French output as ``0.032000`` or ``2.3e-10``. Parameters that quote the user's own
data (a cell value, a file name, an id...) are left exactly as written.
"""

from __future__ import annotations

import math
import re

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_SCIENTIFIC = re.compile(r"^-?\d+(?:\.\d+)?[eE][+-]?\d+$")
# Parameters that quote what the user wrote or named: never reformatted.
LITERAL_PARAMS = frozenset(
    {
        "value",
        "file",
        "column",
        "suggestion",
        "found",
        "available",
        "allowed",
        "extra",
        "candidate",
        "sheet",
        "sheets",
        "hidden",
        "reason",
        "option",
        "directory",
        "path",
        "category",
        "id",
        "ids",
        "seed",
        "name",
        "known",
        "usage",
        "command",
        "message",
        "categories",
        "rows",
    }
)


def format_scientific(value: float, digits: int = 1, lang: str = "en") -> str:
    """2.3e-10 (en) or 2,3 × 10⁻¹⁰ (fr); 0 is '0'."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    mantissa, exponent = f"{value:.{digits}e}".split("e")
    if lang != "fr":
        return f"{mantissa}e{int(exponent)}"
    return f"{mantissa.replace('.', ',')}\u202f×\u202f10{str(int(exponent)).translate(_SUPERSCRIPT)}"


def format_number(value: float, lang: str = "en") -> str:
    """A measured number, shortest readable form: six significant digits, scientific if tiny or huge."""
    if value != 0 and (abs(value) < 1e-4 or abs(value) >= 1e9):
        return format_scientific(value, 1, lang)
    text = f"{value:.6g}"
    if "e" in text:
        text = f"{value:.6f}".rstrip("0").rstrip(".")
    if lang == "fr":
        whole, _, decimals = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        digits = f"{int(whole.lstrip('-') or 0):,}".replace(",", "\u202f")
        text = sign + digits + ("," + decimals if decimals else "")
    return text


def french_param(name: str, value: object) -> object:
    """``value`` as French output shows it (floats and English-formatted numbers converted)."""
    if name in LITERAL_PARAMS or isinstance(value, bool):
        return value
    if isinstance(value, float):
        return format_number(value, "fr")
    if isinstance(value, str):
        if _SCIENTIFIC.match(value):
            return format_scientific(
                float(value), max(len(value.split("e")[0].split(".")[-1]), 1) if "." in value else 0, "fr"
            )
        if _DECIMAL.match(value):
            return format_number(float(value), "fr") if float(value) != 0 else "0"
    return value
