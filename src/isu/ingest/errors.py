"""Errors that stop an import before any value is looked at."""

from __future__ import annotations


class IngestError(ValueError):
    """The file as a whole cannot be read; the message (Swedish) says what and where."""
