"""The stylesheet and script the standalone HTML pages carry inline, kept as real files.

``steg1.html``, ``kriterier.html`` and ``region.html`` open offline, so each page holds its CSS
(and ``steg1.html`` the script that draws its charts) inline. Kept in ``assets/`` as ``.css`` and
``.js`` files, they are read, linted and diffed as what they are; they ship as package data and
are read once, when this module is imported.
"""

from __future__ import annotations

from importlib.resources import files

__all__ = ["CHARTS_JS", "PAGE_CSS"]


def _asset(name: str) -> str:
    return files("isu.report").joinpath("assets", name).read_text(encoding="utf-8")


# The look shared by every report page: steg1.html, kriterier.html and region.html.
PAGE_CSS = _asset("page.css")

# Bundled with vega-embed (in scope as `vegaEmbed`). Charts are drawn when they scroll into view
# (hundreds of SVGs at once would stall the page), and all of them before printing.
CHARTS_JS = _asset("step1_charts.js")
