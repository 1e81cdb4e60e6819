"""Numbers as a Swedish reader expects them: "38 %", "29–48 %", decimal comma, thin dashes."""

from __future__ import annotations


def percent(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return ".."
    return f"{value * 100:.{decimals}f}".replace(".", ",").replace("-", "−") + " %"


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
    a = f"{low * scale:.{decimals}f}".replace(".", ",").replace("-", "−")
    b = f"{high * scale:.{decimals}f}".replace(".", ",").replace("-", "−")
    return f"{a}–{b}{unit}"


def number(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return ".."
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace("-", "−")
    return text
