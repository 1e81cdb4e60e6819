"""Translation markers for user-facing text.

The product speaks Swedish, so user-facing strings are written in Swedish in the source and
wrapped in ``_()``; a catalogue for another language can be added under ``isu/locale`` without
touching the code. Library code uses this module, never Django's translation machinery.
"""

import gettext as _gettext
from pathlib import Path

_LOCALE_DIR = Path(__file__).parent / "locale"
_translation = _gettext.translation("isu", localedir=_LOCALE_DIR, fallback=True)


def _(message: str) -> str:
    """Return *message* translated to the active language (Swedish source text by default)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware variant of :func:`_`."""
    return _translation.ngettext(singular, plural, n)
