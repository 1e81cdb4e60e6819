"""Normalising what people type, so 'Förhöjd  risk ', 'forhojd risk' and 'FÖRHÖJD RISK' agree."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of *text* (å→a, ä→a, ö→o, '_'→' ')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped).strip()


def excel_column(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA': how Excel names column *index*."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
