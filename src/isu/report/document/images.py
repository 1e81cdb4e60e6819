"""Charts of the report as SVG (PDF) and PNG (Word, PowerPoint), from their Vega-Lite specs.

vl-convert renders offline with Swedish number formats; the same spec the browser shows is
drawn here, so a chart looks the same on screen, on paper and on a slide.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import vl_convert

from isu.report.step1_chart import FORMAT_LOCALE

__all__ = ["png", "svg"]

PRINT_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def svg(spec: dict[str, Any]) -> str:
    """The chart as SVG for embedding in a page or a PDF whose figure describes it in words.

    Vega labels every mark group for screen readers; inside a described figure those labels
    would be read after the description (and axe counts them as images without alt text), so
    they are removed and the drawing is hidden from assistive technology.
    """
    return _svg(json.dumps(spec, sort_keys=True, ensure_ascii=False))


@functools.lru_cache(maxsize=256)
def _svg(spec_json: str) -> str:
    """Drawn once per distinct chart: a page showing the same pins again draws nothing."""
    spec = json.loads(spec_json)
    drawn = str(vl_convert.vegalite_to_svg(_for_print(spec), format_locale=FORMAT_LOCALE))
    quiet = _ARIA.sub("", drawn)
    return quiet.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')


def png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    data = vl_convert.vegalite_to_png(_for_print(spec), scale=scale, format_locale=FORMAT_LOCALE)
    return bytes(data)


def _for_print(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with a font every machine here has, so text is measured and drawn alike."""
    config = dict(spec.get("config", {}))
    config["font"] = PRINT_FONT
    return {**spec, "config": config, "background": "white"}
