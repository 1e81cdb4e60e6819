"""Step 1 as ``steg1.html``: one self-contained page a unit can read, mail and archive.

The page opens offline from a file share or a USB stick: the CSS is inline and Vega, Vega-Lite
and vega-embed are bundled inline once (from :func:`vl_convert.javascript_bundle`), so the page
never fetches anything; the stylesheet and the chart script are :mod:`isu.report.html_assets`.
The order follows the method: data quality first, then the observations (each linked to its
table), the paired tests, the numeric measures (mean and median per sex), then every table as a
real ``<table>`` that a screen reader can walk.
Tables whose variable is compared between the sexes also get a bar chart of shares with their
95 % intervals; the table above it is the chart's full text alternative, and a short summary says
what the chart shows (the chart itself is :mod:`isu.report.step1_chart`). Hidden values are
``..`` everywhere; nothing is computed here.

This module is the page around the sections: the head, the front matter (title, contents,
legend) and the script that draws the charts. Each section has its own module:
``step1_html_quality``, ``step1_html_findings`` (observations and paired tests),
``step1_html_numeric``, ``step1_html_tables``, and :mod:`isu.report.criteria_html`.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

import vl_convert

from isu.analysis.step1 import Step1
from isu.i18n import _
from isu.report.criteria_html import CSS as CRITERIA_CSS
from isu.report.criteria_html import criteria_section
from isu.report.html_assets import CHARTS_JS, PAGE_CSS
from isu.report.step1_chart import FORMAT_LOCALE
from isu.report.step1_html_findings import change_section, observations_section
from isu.report.step1_html_numeric import numeric_section
from isu.report.step1_html_parts import Html, anchors
from isu.report.step1_html_quality import quality_section
from isu.report.step1_html_tables import tables_section
from isu.report.step1_json import NOT_COMPUTABLE
from isu.report.step1_xlsx import secrecy_text

__all__ = ["FILE_NAME", "write_html"]

FILE_NAME = "steg1.html"


def write_html(result: Step1, out_dir: Path) -> Path:
    """Write ``steg1.html`` into *out_dir* and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILE_NAME
    path.write_text(render(result), encoding="utf-8")
    return path


def render(result: Step1) -> str:
    names = anchors(result.tables)
    charts: dict[str, Any] = {}
    body = [
        *_header(result),
        "<main>",
        *_legend(result),
        *quality_section(result),
        *observations_section(result, names),
        *criteria_section(result.criteria),
        *change_section(result),
        *numeric_section(result),
        *tables_section(result, names, charts),
        "</main>",
    ]
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="sv">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(_('Steg 1: Vad ser vi?'))} – {escape(result.codebook.title)}</title>",
            f"<style>{PAGE_CSS}{CRITERIA_CSS}</style>",
            "</head>",
            "<body>",
            *body,
            *_scripts(charts),
            "</body>",
            "</html>",
            "",
        ]
    )


def _header(result: Step1) -> Html:
    codebook = result.codebook
    meta = _(
        "Kodbok {id}, version {version} (fingeravtryck {fingerprint}). Skapad {created} UTC."
    ).format(
        id=codebook.id,
        version=codebook.version,
        fingerprint=codebook.fingerprint(),
        created=f"{result.created:%Y-%m-%d %H:%M}",
    )
    lines = [
        "<header>",
        f"<h1>{escape(_('Steg 1: Vad ser vi?'))}</h1>",
        f'<p class="lead">{escape(codebook.title)}</p>',
    ]
    if codebook.question:
        lines.append(f"<p>{escape(codebook.question)}</p>")
    lines += [f'<p class="meta">{escape(meta)}</p>', "</header>", *_nav()]
    return lines


def _nav() -> Html:
    links = [
        ("datakvalitet", _("Datakvalitet")),
        ("iakttagelser", _("Iakttagelser")),
        ("kriterier", _("Omotiverade skillnader")),
        ("forandring", _("Förändring")),
        ("numeriska-matt", _("Numeriska mått")),
        ("tabeller", _("Tabeller")),
    ]
    items = "".join(f'<li><a href="#{key}">{escape(label)}</a></li>' for key, label in links)
    return [f'<nav aria-label="{escape(_("Innehåll"))}"><ul>{items}</ul></nav>']


def _legend(result: Step1) -> Html:
    entries = [
        ("..", secrecy_text(result.settings.threshold)),
        (
            "95 % KI",
            _(
                "95 procents konfidensintervall: det spann där det sanna värdet (andel, "
                "medelvärde eller median) troligen ligger."
            ),
        ),
        (NOT_COMPUTABLE, _("Kan inte beräknas, till exempel i en grupp utan personer.")),
        (
            "p, q",
            _(
                "p-värde, och q: p-värdet justerat för att många jämförelser görs (Benjamini–Hochberg)."
            ),
        ),
    ]
    items = "".join(f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>" for term, text in entries)
    return [
        f'<aside class="legend" aria-labelledby="legend-h"><h2 id="legend-h">{escape(_("Så läser du siffrorna"))}</h2>',
        f"<dl>{items}</dl>",
        f"<p>{escape(_('Skillnader mellan andelar anges i procentenheter.'))}</p></aside>",
    ]


def _script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element: no «<» can end or open a tag."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")


def _scripts(charts: dict[str, Any]) -> Html:
    if not charts:
        return []
    # The bundle (Vega, Vega-Lite, vega-embed and CHARTS_JS) is built once per process.
    bundle = vl_convert.javascript_bundle(CHARTS_JS).replace("</script", "<\\/script")
    options = {"actions": False, "renderer": "svg", "formatLocale": FORMAT_LOCALE}
    failed = _("Diagrammet kunde inte visas. Siffrorna finns i tabellen ovan.")
    return [
        f'<script type="application/json" id="isu-charts">{_script_json(charts)}</script>',
        f'<script type="application/json" id="isu-chart-options">{_script_json({"embed": options, "failed": failed})}</script>',
        f'<script type="module">{bundle}</script>',
    ]
