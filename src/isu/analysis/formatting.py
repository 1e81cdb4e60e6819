"""Numbers as a Swedish reader expects them: "38 %", "29–48 %", decimal comma, real minus signs.

An interval with a negative bound is written with "till" ("−3 till −1"), because "−3–−1" is
unreadable; a value that rounds to zero is written without a sign.
"""

from __future__ import annotations


def _plain(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace(".", ",").replace("-", "−")


def percent(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return ".."
    return _plain(value * 100, decimals) + " %"


def interval_text(
    low: float | None,
    high: float | None,
    *,
    scale: float = 100,
    unit: str = " %",
    decimals: int = 0,
) -> str:
    if low is None or high is None:
        return ".."
    a, b = _plain(low * scale, decimals), _plain(high * scale, decimals)
    separator = " till " if a.startswith("−") or b.startswith("−") else "–"
    return f"{a}{separator}{b}{unit}"


def number(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return ".."
    text = f"{value:,.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        text = text.lstrip("-")
    return text.replace(",", " ").replace(".", ",").replace("-", "−")
