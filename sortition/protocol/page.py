"""verify.html: the offline checker page written into every draw directory (and kept as docs/verify.html).

A second implementation of ``verify`` in plain JavaScript (Web Crypto SHA-256, no network, no other file),
written from docs/audit-protocol.md. Its messages and the JSON schemas are not copied by hand: they are
written into the page from the catalogue and :mod:`sortition.protocol.schema`, so both implementations say
and check the same things. The chain of replacements (verify_chain.js, kept apart to keep each file about one
thing) is written into the template the same way.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from sortition.i18n.catalogue import CATALOGUE
from sortition.protocol.schema import AUDIT, COMMITMENT, LOTTERY, RESERVE_AUDIT, RESERVE_COMMITMENT

PAGE = "verify.html"
_PREFIXES = ("verify.", "seed.", "page.", "replace.check-")


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element (no "</script>", no HTML comment opener)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


@cache
def verify_page() -> bytes:
    """The bytes of verify.html for this version of the tool."""
    package = resources.files("sortition.protocol")
    template = package.joinpath("verify_template.html").read_text(encoding="utf-8")
    chain = package.joinpath("verify_chain.js").read_text(encoding="utf-8")
    messages = {
        lang: {key: text for key, text in table.items() if key.startswith(_PREFIXES)}
        for lang, table in sorted(CATALOGUE.items())
    }
    for table in messages.values():  # same check, said for the page: its hash field, not --commitment
        table["verify.not-anchored"] = table["page.not-anchored"]
    schemas = {
        "audit": AUDIT,
        "commitment": COMMITMENT,
        "lottery": LOTTERY,
        "reserve_audit": RESERVE_AUDIT,
        "reserve_commitment": RESERVE_COMMITMENT,
    }
    page = template.replace("/*CHAIN*/", chain.strip())
    page = page.replace("/*CATALOGUE*/{}", _script_json(messages)).replace("/*SCHEMAS*/{}", _script_json(schemas))
    return page.encode("utf-8")
