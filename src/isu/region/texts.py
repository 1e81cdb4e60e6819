"""Plain Swedish sentences for the regional comparison, always with the uncertainty and n.

Like the observations of step 1 (:mod:`isu.analysis.observations`): a share with its 95 %
interval and n, a difference in percentage points with its interval, and «kan vara slump» where
the interval does not rule chance out. Municipalities left out of a pooled figure are named.
"""

from __future__ import annotations

from collections.abc import Sequence

from isu.analysis.estimates import Difference, Share
from isu.analysis.formatting import interval_text, number, percent
from isu.i18n import _
from isu.region.compare import Funnel, RegionComparison
from isu.region.criteria import PooledCriteria, PooledVariable
from isu.region.local import Local
from isu.region.pool import LeftOut

__all__ = [
    "comparison_findings",
    "criteria_findings",
    "funnel_finding",
    "gap_findings",
    "left_out_text",
    "local_findings",
    "plural",
    "share_text",
    "signed",
]

_PLURAL = {"Flicka": _("flickor"), "Pojke": _("pojkar"), "Kvinna": _("kvinnor"), "Man": _("män")}


def plural(label: str) -> str:
    """«flickor» for the sex label «Flicka»."""
    return _PLURAL.get(label, label.lower())


def share_text(share: Share | None) -> str:
    if share is None:
        return ".."
    return _("{share} (95 % KI {interval}, n={n})").format(
        share=percent(share.estimate), interval=interval_text(share.low, share.high), n=share.n
    )


def points_text(gap: Difference) -> str:
    """«8 procentenheter (95 % KI 2–14)», signed."""
    estimate = (gap.estimate or 0.0) * 100
    return _("{points} procentenheter (95 % KI {interval})").format(
        points=signed(estimate),
        interval=interval_text(gap.low, gap.high, unit=""),
    )


def signed(points: float) -> str:
    """«+8», «−3», and «0» without a sign."""
    text = f"{points:+.0f}"
    return "0" if text in ("+0", "-0") else text.replace("-", "−")


def p_phrase(p: float) -> str:
    """«p < 0,001» or «p = 0,012»."""
    return "p < 0,001" if p < 0.001 else f"p = {number(p, 3)}"


def left_out_text(left_out: Sequence[LeftOut]) -> str:
    """«Utanför: Ale (dolda värden), Bjuv (tabellen saknas).» or nothing."""
    if not left_out:
        return ""
    names = ", ".join(f"{o.municipality} ({o.reason})" for o in left_out)
    return _("Utanför de sammanlagda siffrorna: {names}.").format(names=names)


def comparison_findings(result: RegionComparison) -> list[str]:
    """The pooled shares, the pooled gap and its heterogeneity, and the funnel outliers."""
    subject = f"«{result.variable_label}: {result.category_label}»"
    found = []
    parts = [
        _("{share} bland {group}").format(share=share_text(s), group=plural(label))
        for s, label in zip(result.pooled_shares, result.sex_labels, strict=True)
    ]
    found.append(
        _("{occasion}: i regionen ({count} kommuner) var andelen med {subject} {parts}.").format(
            occasion=result.occasion_label,
            count=result.n_municipalities,
            subject=subject,
            parts=_(" och ").join(parts),
        )
    )
    found.extend(gap_findings(result))
    found.extend(funnel_finding(f, subject) for f in result.funnels)
    for pooled, label in zip(result.pooled, result.sex_labels, strict=True):
        text = left_out_text(pooled.left_out)
        if text:
            found.append(f"{plural(label).capitalize()}: {text}")
    return found


def gap_findings(result: RegionComparison) -> list[str]:
    """The sex gap pooled over the region (Mantel–Haenszel) and whether it is the same in every
    municipality (Breslow–Day), in plain Swedish."""
    gap = result.gap.result
    rd = gap.risk_difference
    first, second = (plural(label) for label in result.sex_labels)
    if rd.estimate is None or rd.low is None or rd.high is None:
        return [
            _("För litet underlag för att jämföra {first} och {second} i regionen.").format(
                first=first, second=second
            )
        ]
    sure = rd.low > 0 or rd.high < 0
    found = [
        _(
            "Inom kommunerna var andelen bland {first} {points} procentenheter {direction} än "
            "bland {second} (Mantel–Haenszel, 95 % KI {interval}; {count} kommuner). {verdict}"
        ).format(
            first=first,
            second=second,
            points=f"{abs(rd.estimate) * 100:.0f}",
            direction=_("högre") if rd.estimate > 0 else _("lägre"),
            interval=interval_text(rd.low, rd.high, unit=""),
            count=len(result.gap.included),
            verdict=_("Skillnaden är säkerställd.") if sure else _("Skillnaden kan vara slump."),
        )
    ]
    p = gap.homogeneity.p_value
    if p is not None:
        found.append(
            (
                _(
                    "Skillnaden mellan {first} och {second} är inte densamma i alla kommuner "
                    "(Breslow–Day, {p})."
                )
                if p < 0.05
                else _(
                    "Inget tyder på att skillnaden mellan {first} och {second} varierar mellan "
                    "kommunerna (Breslow–Day, {p}), men testet upptäcker bara stora "
                    "variationer när kommunerna är små."
                )
            ).format(first=first, second=second, p=p_phrase(p))
        )
    return found


def funnel_finding(funnel: Funnel, subject: str) -> str:
    """Which municipalities lie outside the funnel's limits, and what that means."""
    outside = [p for p in funnel.points if p.zone != "inom"]
    group = plural(funnel.sex_label)
    if not outside:
        return _(
            "Bland {group} ligger alla {count} kommuner inom trattens gränser för {subject}: "
            "skillnaderna mellan dem kan vara slump."
        ).format(group=group, count=len(funnel.points), subject=subject)
    names = ", ".join(
        _("{name} {share} ({where})").format(
            name=p.municipality, share=share_text(p.share), where=_ZONES[p.zone]
        )
        for p in outside
    )
    return _(
        "Bland {group} ligger {count} av {total} kommuner utanför trattens 95 %-gränser för "
        "{subject}: {names}. Utanför 95 % väntas ungefär var tjugonde kommun av slump; utanför "
        "99,8 % är slump osannolik."
    ).format(
        group=group, count=len(outside), total=len(funnel.points), subject=subject, names=names
    )


_ZONES = {
    "over_95": _("över 95 %-gränsen"),
    "under_95": _("under 95 %-gränsen"),
    "over_998": _("över 99,8 %-gränsen"),
    "under_998": _("under 99,8 %-gränsen"),
}


def local_findings(local: Local) -> list[str]:
    """«Är det lika hos oss?», one sentence per sex."""
    result = local.comparison
    subject = f"«{result.variable_label}: {result.category_label}»"
    found = []
    for row in local.rows:
        group = plural(row.sex_label)
        if row.difference is None:
            found.append(
                _(
                    "Bland {group} i {municipality} visas inte andelen med {subject} (dolda "
                    "värden), så den kan inte jämföras med övriga regionen."
                ).format(group=group, municipality=local.municipality, subject=subject)
            )
            continue
        d = row.difference
        found.append(
            _(
                "Bland {group} i {municipality} var andelen med {subject} {ours} jämfört med "
                "{rest} i övriga regionen ({count} kommuner): {points}. {verdict}"
            ).format(
                group=group,
                municipality=local.municipality,
                subject=subject,
                ours=share_text(d.first),
                rest=share_text(d.second),
                count=len(row.rest.included),
                points=points_text(d),
                verdict=_("Skillnaden kan vara slump.")
                if d.spans_zero
                else _("Skillnaden är säkerställd – det är inte likadant hos er."),
            )
        )
    return found


def criteria_findings(result: PooledCriteria) -> list[str]:
    """The pooled gap and each criterion's verdict, most explaining variable first."""
    first, second = (plural(s) for s in result.sexes)
    if result.raw is None:
        return [_("För litet underlag för att pröva kriterierna i regionen.")]
    found = [
        _("«{outcome}: Ja»: {share1} bland {first} jämfört med {share2} bland {second}.").format(
            outcome=result.outcome_label,
            share1=share_text(result.raw.first),
            first=first,
            share2=share_text(result.raw.second),
            second=second,
        )
    ]
    for criterion in result.criteria:
        best = max(criterion.variables, key=lambda v: v.decomposition.explained_share or 0.0)
        found.append(
            _("{criterion}: {verdict}. {detail}").format(
                criterion=criterion.kind.label,
                verdict=criterion.verdict.label,
                detail=_variable_detail(best),
            )
        )
    return found


def _variable_detail(variable: PooledVariable) -> str:
    within = variable.within.risk_difference
    text = _(
        "Med samma «{label}» i samma kommun är skillnaden {points} procentenheter (95 % KI "
        "{interval}) mot {raw} utan hänsyn"
    ).format(
        label=variable.label,
        points=signed((within.estimate or 0.0) * 100),
        interval=interval_text(within.low, within.high, unit=""),
        raw=signed((variable.raw.estimate or 0.0) * 100),
    )
    if variable.left_out:
        text += _(" ({left} grupper utelämnade för att de har dolda värden)").format(
            left=variable.left_out
        )
    return text + "."
