"""Charts of the report as SVG (PDF) and PNG (Word, PowerPoint), from their Vega-Lite specs.

vl-convert renders offline with Swedish number formats; the same spec the browser shows is
drawn here, so a chart looks the same on screen, on paper and on a slide.
"""

from __future__ import annotations

from typing import Any

import vl_convert

from isu.report.step1_html import FORMAT_LOCALE

__all__ = ["png", "svg"]

PRINT_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def svg(spec: dict[str, Any]) -> str:
    return str(vl_convert.vegalite_to_svg(_for_print(spec), format_locale=FORMAT_LOCALE))


def png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    data = vl_convert.vegalite_to_png(_for_print(spec), scale=scale, format_locale=FORMAT_LOCALE)
    return bytes(data)


def _for_print(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with a font every machine here has, so text is measured and drawn alike."""
    config = dict(spec.get("config", {}))
    config["font"] = PRINT_FONT
    return {**spec, "config": config, "background": "white"}
