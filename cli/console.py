"""The consoles of the command line, which never pass a control character of the text they print through."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from sortition.text import printable


class SafeConsole(Console):
    """A Rich console whose printed strings lose their control characters (a cell holding a terminal escape
    sequence cannot drive the user's terminal); line breaks and tabs stay. Rich adds its own styling after."""

    def print(self, *objects: Any, **options: Any) -> None:
        safe = tuple(printable(o, None, keep="\n\t") if isinstance(o, str) else o for o in objects)
        super().print(*safe, **options)
