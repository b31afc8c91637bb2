"""Catalogue messages in the report's languages, with French typography, and dates as a reader writes them.

The catalogue writes plain spaces before ``:`` ``;`` ``%`` and inside guillemets; the report turns them into
the no-break spaces French typography wants. Only messages are retouched, never data (ids, seeds, category
values), which is why :func:`typography` runs on a message before its parameters are put in.
"""

from __future__ import annotations

import re
from typing import Any

from sortition.i18n.catalogue import CATALOGUE

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def typography(text: str, lang: str) -> str:
    """French typography: no-break space before ':' and inside guillemets, narrow one before ; ! ? and %,
    curly apostrophes. Other languages are left as written."""
    if lang != "fr":
        return text
    text = text.replace("'", "\u2019")
    text = re.sub(r" :", "\u00a0:", text)
    text = re.sub(r" ([;!?%])", "\u202f\\1", text)
    return text.replace("« ", "«\u00a0").replace(" »", "\u00a0»")


def phrase(key: str, lang: str, /, **params: Any) -> str:
    """A catalogue message as plain text with the language's typography (unknown languages: English)."""
    template = CATALOGUE.get(lang, CATALOGUE["en"])[key]
    return typography(template, lang).format(**params)


def display_date(text: str, lang: str) -> str:
    """'2026-03-14' -> '14 March 2026' / '14 mars 2026'; any other text (a free date) is kept as written."""
    match = _ISO_DATE.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        return text
    months = CATALOGUE.get(lang, CATALOGUE["en"])["report.months"].split(",")
    return f"{int(match.group(3))} {months[int(match.group(2)) - 1]} {match.group(1)}"
