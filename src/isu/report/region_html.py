"""The regional comparison as a standalone web page, ``region.html``, in the style of step 1.

Findings first, then each municipality's shares by sex with intervals, a funnel plot per sex,
«Är det lika hos oss?» for every municipality, the pooled criteria and the reference figures.
Hidden values show as «..». The funnel plots are Vega-Lite specs rendered to inline SVG with
vl-convert: static charts need no script, print as they look, and cost a third of the time of
embedding the interactive bundle (every point's numbers are in the table above them).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from isu.analysis.estimates import Difference, Share
from isu.analysis.formatting import interval_text, percent
from isu.i18n import _
from isu.region.analysis import RegionResult
from isu.region.compare import Funnel, RegionComparison
from isu.region.criteria import NOTE as CRITERIA_NOTE
from isu.region.texts import plural, points_text
from isu.report.document.images import svg
from isu.report.html_assets import PAGE_CSS
from isu.report.step1_chart import SEX_COLOURS

__all__ = ["FILE_NAME", "funnel_spec", "render_region", "write_region_html"]

FILE_NAME = "region.html"
Html = list[str]
ZONES = {
    "inom": (_("inom gränserna"), "#3d4a57"),
    "95": (_("utanför 95 %"), "#a8741a"),
    "998": (_("utanför 99,8 %"), "#a11d1d"),
}


def write_region_html(result: RegionResult, out_dir: Path) -> Path:
    path = out_dir / FILE_NAME
    path.write_text(render_region(result), encoding="utf-8")
    return path


def render_region(result: RegionResult) -> str:
    c = result.comparison
    title = _("Regional jämförelse – {title}").format(title=result.region.template_title)
    body = [
        f"<header><h1>{escape(title)}</h1>",
        f"<p>{escape(_subtitle(result))}</p></header>",
        "<main>",
        *_list(_("Iakttagelser"), [*result.region.notes, *result.findings]),
        *_municipalities(c),
        *_funnels(c),
        *_locals(result),
        *_criteria(result),
        *_list(_("Jämförelse med referensvärden"), [r.text for r in result.reference]),
        *_methods(),
        "</main>",
    ]
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="sv">',
            '<head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title><style>{PAGE_CSS}</style></head>",
            "<body>",
            *body,
            "</body></html>",
            "",
        ]
    )


def _subtitle(result: RegionResult) -> str:
    c = result.comparison
    periods = ", ".join(sorted({p.period for p in result.region.packages}))
    return _(
        "{occasion}: andelen med «{variable}: {category}» i {count} kommuner, {periods}."
    ).format(
        occasion=c.occasion_label,
        variable=c.variable_label,
        category=c.category_label,
        count=c.n_municipalities,
        periods=periods,
    )


def _list(title: str, items: Sequence[str], note: str = "") -> Html:
    if not items:
        return []
    return [
        f"<section><h2>{escape(title)}</h2><ul>",
        *(f"<li>{escape(item)}</li>" for item in items),
        "</ul>",
        f'<p class="note">{escape(note)}</p>' if note else "",
        "</section>",
    ]


def _share(share: Share | None) -> str:
    if share is None:
        return '<td class="num">..</td><td class="num">..</td><td class="num">..</td>'
    return (
        f'<td class="num">{percent(share.estimate)}</td>'
        f'<td class="num">{interval_text(share.low, share.high)}</td>'
        f'<td class="num">{share.n}</td>'
    )


def _gap(gap: Difference | None) -> str:
    return f'<td class="num">{escape(points_text(gap)) if gap else ".."}</td>'


def _municipalities(c: RegionComparison) -> Html:
    groups = [plural(label) for label in c.sex_labels]
    head = "".join(
        f'<th scope="col" colspan="3">{escape(g.capitalize())}: {_("andel, 95 % KI, n")}</th>'
        for g in groups
    )
    rows = [
        f'<tr><th scope="row">{escape(m.municipality)}</th>'
        + "".join(_share(s) for s in m.shares)
        + _gap(m.gap)
        + "</tr>"
        for m in c.municipalities
    ]
    pooled = "".join(_share(s) for s in c.pooled_shares)
    return [
        f"<section><h2>{escape(_('Andel per kommun och kön'))}</h2>",
        '<div class="scroll"><table><thead><tr><th scope="col">'
        + escape(_("Kommun"))
        + f"</th>{head}<th scope='col'>{escape(_('Skillnad'))}</th></tr></thead><tbody>",
        *rows,
        f'<tr class="total"><th scope="row">{escape(_("Regionen"))}</th>{pooled}'
        f"<td></td></tr></tbody></table></div>",
        f'<p class="note">{escape(_(".. = dolt i kommunens paket (färre än tröskeln eller skulle kunna räknas fram)."))}</p>',
        "</section>",
    ]


def _funnels(c: RegionComparison) -> Html:
    lines = [f"<section><h2>{escape(_('Trattdiagram'))}</h2>"]
    lines.append(
        "<p>"
        + escape(
            _(
                "Varje punkt är en kommun. Linjerna visar inom vilka gränser en kommuns andel "
                "hamnar av slump om den i själva verket är som regionens (95 % och 99,8 %); små "
                "kommuner får vidare gränser."
            )
        )
        + "</p>"
    )
    for f in c.funnels:
        label = _("Trattdiagram för {group}: andel mot antal, med kontrollgränser.").format(
            group=plural(f.sex_label)
        )
        drawing = svg(funnel_spec(c, f))
        lines.append(
            f'<figure class="chart"><div role="img" aria-label="{escape(label)}">{drawing}</div>'
            f"<figcaption>{escape(label)}</figcaption></figure>"
        )
    return [*lines, "</section>"]


def funnel_spec(c: RegionComparison, f: Funnel, highlight: str = "") -> dict[str, Any]:
    """Vega-Lite: the municipalities' shares against n, the regional share and the limits;
    *highlight* names a municipality to ring and label («Är det lika hos oss?»)."""
    limits = [
        {"n": n, "gräns": name, "andel": value}
        for name, values in (
            ("95 %", f.lower95),
            ("95 % ", f.upper95),
            ("99,8 %", f.lower998),
            ("99,8 % ", f.upper998),
        )
        for n, value in zip(f.sizes, values, strict=True)
    ]
    points = [
        {
            "kommun": p.municipality,
            "n": p.share.n,
            "andel": p.share.estimate,
            "ki": interval_text(p.share.low, p.share.high),
            "zon": ZONES[p.zone.split("_")[-1]][0],
        }
        for p in f.points
    ]
    colour = SEX_COLOURS[c.sexes.index(f.sex) % len(SEX_COLOURS)]
    x = {"field": "n", "type": "quantitative", "title": _("Antal (n)")}
    y_axis = {"format": ".0%", "title": _("Andel {category}").format(category=c.category_label)}
    y = {"field": "andel", "type": "quantitative", "axis": y_axis, "scale": {"domain": [0, 1]}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": plural(f.sex_label).capitalize(),
        "width": 520,
        "height": 320,
        "layer": [
            {
                "data": {"values": limits},
                "mark": {"type": "line", "strokeDash": [4, 3], "color": "#7a7a7a"},
                "encoding": {"x": x, "y": y, "detail": {"field": "gräns"}},
            },
            {
                "data": {"values": [{"andel": f.target.estimate}]},
                "mark": {"type": "rule", "color": colour},
                "encoding": {"y": {"field": "andel", "type": "quantitative"}},
            },
            {
                "data": {"values": points},
                "mark": {"type": "point", "filled": True, "size": 60},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": {
                        "field": "zon",
                        "type": "nominal",
                        "scale": {
                            "domain": [label for label, _colour in ZONES.values()],
                            "range": [colour for _label, colour in ZONES.values()],
                        },
                        "legend": {"title": None},
                    },
                    "tooltip": [
                        {"field": "kommun", "title": _("Kommun")},
                        {
                            "field": "andel",
                            "type": "quantitative",
                            "format": ".1%",
                            "title": _("Andel"),
                        },
                        {"field": "ki", "title": _("95 % KI")},
                        {"field": "n", "type": "quantitative", "title": "n"},
                    ],
                },
            },
            *_ring(points, highlight, x, y),
        ],
    }


def _ring(
    points: list[dict[str, Any]], highlight: str, x: dict[str, Any], y: dict[str, Any]
) -> list[dict[str, Any]]:
    """A ring and the name at one municipality's point, so it finds itself among the others."""
    own = [p for p in points if highlight and p["kommun"].casefold() == highlight.casefold()]
    if not own:
        return []
    return [
        {
            "data": {"values": own},
            "mark": {
                "type": "point",
                "shape": "circle",
                "size": 320,
                "strokeWidth": 2.5,
                "color": "#1A1A1A",
                "filled": False,
            },
            "encoding": {"x": x, "y": y},
        },
        {
            "data": {"values": own},
            "mark": {"type": "text", "dy": -16, "fontWeight": "bold", "fontSize": 12},
            "encoding": {"x": x, "y": y, "text": {"field": "kommun"}},
        },
    ]


def _locals(result: RegionResult) -> Html:
    items = [text for texts in result.local_findings for text in texts]
    return _list(_("Är det lika hos oss? Varje kommun mot övriga regionen"), items)


def _criteria(result: RegionResult) -> Html:
    if result.criteria is None:
        return []
    title = _("Omotiverade skillnader – kriterierna i regionen")
    return _list(title, result.criteria_findings, CRITERIA_NOTE)


def _methods() -> Html:
    return _list(
        _("Metoder"),
        [
            _("Andelar med Wilsons konfidensintervall; skillnader med Newcombes intervall."),
            _(
                "Skillnaden mellan könen i regionen: Mantel–Haenszels riskskillnad med kommunen "
                "som stratum; Breslow–Days test av om skillnaden är densamma i alla kommuner."
            ),
            _(
                "Trattdiagrammets gränser: exakta binomialgränser med interpolation "
                "(Spiegelhalter 2005, Statistics in Medicine 24:1185–1202)."
            ),
            _(
                "Sammanlagda siffror bygger bara på värden som kommunerna publicerat. En kommun "
                "med dolda värden lämnas utanför den siffran, och det anges vilka."
            ),
        ],
    )
