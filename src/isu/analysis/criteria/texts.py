"""The criteria analysis in plain Swedish: a verdict with the numbers behind it, a paragraph per
criterion variable, and what each method does, in words a non-statistician follows."""

from __future__ import annotations

from isu.analysis.criteria.results import (
    CriteriaAnalysis,
    GroupGap,
    Level,
    UnmetAccommodation,
    VariableResult,
)
from isu.analysis.criteria.stratified import Estimate
from isu.analysis.criteria.verdicts import MIN_DIFFERENCE, Outcome, Verdict
from isu.analysis.estimates import AssociationTest, Share
from isu.analysis.formatting import interval_text, number, percent
from isu.i18n import _

METHODS = {
    "grundskillnad": _(
        "Andelen i varje grupp med 95 % konfidensintervall (Wilson) och skillnaden i "
        "procentenheter med intervall (Newcombe). Intervallet visar hur stor skillnaden "
        "rimligen kan vara med så här många ärenden."
    ),
    "fordelning": _(
        "Skiljer sig grupperna åt i kriteriet? Andelen i varje nivå per grupp, prövat med "
        "chi²-test eller Fishers exakta test när antalen är små."
    ),
    "beroende": _(
        "Beror utfallet på kriteriet? Andelen med utfallet i varje nivå, båda grupperna "
        "tillsammans. Bara ett kriterium som både skiljer sig mellan grupperna och påverkar "
        "utfallet kan förklara en skillnad."
    ),
    "inom_nivaer": _(
        "Skillnaden inom samma nivå av kriteriet (Mantel–Haenszels gemensamma riskskillnad, "
        "med Satos intervall): grupperna jämförs bara med dem som har samma behov, samtycke "
        "och så vidare. Breslow–Days test visar om skillnaden är densamma i alla nivåer."
    ),
    "uppdelning": _(
        "Hur mycket av skillnaden kriteriet står för (Kitagawas uppdelning): en del beror på "
        "att grupperna fördelar sig olika på kriteriets nivåer, resten på att de behandlas "
        "olika inom samma nivå. Intervallen kommer från 1 000 simuleringar av materialet."
    ),
    "jamforbara": _(
        "Skillnaden bland dem som kriterierna gör jämförbara: behov bedömt, behovet inte "
        "tillgodosett på annat sätt, samtycke finns och anpassningar gjorda där de behövdes."
    ),
    "justerad": _(
        "Skillnaden när alla kriterier hålls lika samtidigt: logistisk regression med "
        "kriterierna, omräknad till procentenheter (genomsnittlig marginaleffekt) med "
        "intervall."
    ),
    "sammanslagning": _(
        "Nivåer med färre än {threshold} personer i någon cell slås ihop med en närliggande "
        "nivå, så att alla antal kan visas och inget resultat bygger på ett dolt antal."
    ),
    "bedomning": _(
        "Ett kriterium förklarar skillnaden när grupperna skiljer sig i kriteriet på ett sätt "
        "som säkert står för en del av skillnaden och ingen säker skillnad finns kvar inom "
        "samma nivå. Finns en säker skillnad kvar är den omotiverad enligt kriteriet. Är "
        "intervallen för breda går det inte att avgöra."
    ),
}


def p_phrase(p: float | None) -> str:
    if p is None:
        return _("inget test")
    return "p < 0,001" if p < 0.001 else f"p = {number(p, 3)}"


def points(value: float | None) -> str:
    if value is None:
        return ".."
    return number(value * 100, 0)


def share_text(share: Share) -> str:
    return _("{share} (95 % KI {interval}, n={n})").format(
        share=percent(share.estimate), interval=interval_text(share.low, share.high), n=share.n
    )


def estimate_points(estimate: Estimate) -> str:
    return _("{value} procentenheter (95 % KI {interval})").format(
        value=points(estimate.estimate),
        interval=interval_text(estimate.low, estimate.high, unit=""),
    )


def gap_text(gap: GroupGap, first: str, second: str) -> str:
    d = gap.difference
    return _(
        "{first_share} bland {first} jämfört med {second_share} bland {second}: skillnaden "
        "är {points} procentenheter (95 % KI {interval}; {p})."
    ).format(
        first_share=share_text(d.first),
        first=first,
        second_share=share_text(d.second),
        second=second,
        points=points(d.estimate),
        interval=interval_text(d.low, d.high, unit=""),
        p=p_phrase(gap.test.p_value),
    )


def summary(result: CriteriaAnalysis) -> str:
    """The verdict with the numbers behind it, for the top of the analysis."""
    g = result.groups
    if result.raw is None:
        return _(
            "{outcome}: för få ärenden för att jämföra {first} och {second} utan att visa "
            "antal under {threshold}."
        ).format(
            outcome=g.outcome_label, first=g.first, second=g.second, threshold=result.threshold
        )
    parts = [
        _("«{outcome}: Ja»: ").format(outcome=g.outcome_label)
        + gap_text(result.raw, g.first, g.second)
    ]
    adjusted = result.adjusted
    if adjusted is not None and adjusted.fitted and result.verdict.outcome is not Outcome.NO_GAP:
        parts.append(
            _("När alla kriterier hålls lika är skillnaden {estimate}.").format(
                estimate=estimate_points(adjusted.effect)
            )
        )
    parts.append(
        verdict_sentence(result.verdict, overall=True, min_difference=result.min_difference)
    )
    return " ".join(parts)


_OVERALL_SENTENCES = {
    Outcome.EXPLAINED: _("Bedömning: {label} – kriterierna förklarar skillnaden."),
    Outcome.PARTLY: _("Bedömning: {label}."),
    Outcome.NOT_EXPLAINED: _("Bedömning: {label} – skillnaden förklaras inte av kriterierna."),
    Outcome.UNDETERMINED: _("Bedömning: {label} – intervallen är för breda."),
    Outcome.NO_GAP: _("Bedömning: {label}."),
}
_CRITERION_SENTENCES = _OVERALL_SENTENCES | {
    Outcome.EXPLAINED: _("Bedömning: {label} – kriteriet förklarar skillnaden."),
    Outcome.NOT_EXPLAINED: _("Bedömning: {label} – skillnaden finns kvar inom samma nivå."),
}


def verdict_sentence(
    verdict: Verdict, *, overall: bool, min_difference: float = MIN_DIFFERENCE
) -> str:
    sentences = _OVERALL_SENTENCES if overall else _CRITERION_SENTENCES
    text = sentences[verdict.outcome].format(label=verdict.label)
    if verdict.reversed:
        text += " " + _(
            "Inom samma nivå går skillnaden åt andra hållet: den andra gruppen "
            "gynnas när hänsyn tas till kriterierna."
        )
    if verdict.maintains_inequality:
        text += " " + _(
            "Skillnaden är laglig, men den kan upprätthålla ojämställdhet: fundera över hur "
            "motivationsarbetet och delaktigheten ser ut för olika grupper."
        )
    if verdict.more_cases and verdict.outcome is Outcome.NO_GAP:
        text += " " + _(
            "Underlaget räcker inte för att utesluta en skillnad på {points} procentenheter; det "
            "skulle behövas ungefär {n} ärenden till."
        ).format(points=points(min_difference), n=number(verdict.more_cases, 0))
    elif verdict.more_cases:
        text += " " + _("Det skulle behövas ungefär {n} ärenden till för att kunna avgöra.").format(
            n=number(verdict.more_cases, 0)
        )
    return text


def variable_text(result: CriteriaAnalysis, variable: VariableResult) -> str:
    """(a)–(d) for one criterion variable, in four short sentences."""
    g = result.groups
    if not variable.examinable:
        return _(
            "För få ärenden för att pröva «{label}»: alla svar har slagits ihop till en grupp så "
            "att inget antal under {t} visas."
        ).format(label=variable.label, t=result.threshold)
    a = _test_sentence(
        variable.distribution_test,
        _("{first} och {second} skiljer sig i «{label}»"),
        _("{first} och {second} skiljer sig inte säkert i «{label}»"),
    ).format(first=g.first[:1].upper() + g.first[1:], second=g.second, label=variable.label)
    b = _test_sentence(
        variable.dependence_test,
        _("Utfallet beror på «{label}»"),
        _("Utfallet beror inte säkert på «{label}»"),
    ).format(label=variable.label)
    c = _("Inom samma nivå är skillnaden {estimate}.").format(
        estimate=estimate_points(variable.within.risk_difference)
    )
    homogeneity = variable.within.homogeneity
    if homogeneity.p_value is not None and homogeneity.p_value < 0.05:
        c += " " + _("Skillnaden är inte densamma i alla nivåer (Breslow–Day, {p}).").format(
            p=p_phrase(homogeneity.p_value)
        )
    reversed_at = _reversed_levels(variable, variable.decomposition.total)
    if reversed_at:
        c += " " + _("Vid «{levels}» går skillnaden åt andra hållet.").format(
            levels=_("», «").join(reversed_at)
        )
    d = _("Skillnaden i «{label}» står för {part} av skillnadens {total} procentenheter.").format(
        label=variable.label,
        part=estimate_points(variable.decomposition.composition),
        total=points(variable.decomposition.total),
    )
    return " ".join([a, b, c, d, verdict_sentence(variable.verdict, overall=False)])


def _reversed_levels(variable: VariableResult, total: float) -> list[str]:
    """Levels whose own gap is certain and opposite to the raw gap: a reversal between strata."""
    found = []
    for level in variable.levels:
        gap = level.gap
        if gap is None or gap.low is None or gap.high is None:
            continue
        if (total > 0 and gap.high < 0) or (total < 0 and gap.low > 0):
            found.append(level.label)
    return found


def _test_sentence(test: AssociationTest | None, differs: str, not_differs: str) -> str:
    if test is None or test.p_value is None:
        return _("Kriteriet har bara en nivå här.")
    template = differs if test.p_value < 0.05 else not_differs
    return template + " (" + p_phrase(test.p_value) + ")."


def unmet_text(result: CriteriaAnalysis, unmet: UnmetAccommodation) -> str:
    g = result.groups
    if unmet.gap is None:
        return _("«{label}»: för få för att visa hur ofta anpassningen saknades.").format(
            label=unmet.label
        )
    return _("«{label}: Nej men skulle ha behövts»: ").format(label=unmet.label) + gap_text(
        unmet.gap, g.first, g.second
    )


def level_headers(result: CriteriaAnalysis) -> list[str]:
    """Column headers of a criterion variable's table, after the level's own name."""
    g = result.groups
    return [
        _("Andel av {group}").format(group=g.first),
        _("Andel av {group}").format(group=g.second),
        _("Andel med utfallet"),
        _("Skillnad inom nivån, procentenheter (95 % KI)"),
    ]


def level_cells(level: Level) -> list[str]:
    """«37 % (102 av 277)» for each share, and the gap at the level with its interval."""
    gap = level.gap
    gap_text = "–"
    if gap is not None and gap.estimate is not None:
        gap_text = _("{d} ({interval})").format(
            d=points(gap.estimate), interval=interval_text(gap.low, gap.high, unit="")
        )
    return [*(_share_cell(s) for s in (level.first, level.second, level.outcome)), gap_text]


def _share_cell(share: Share) -> str:
    if not share.n:
        return "–"
    return _("{share} ({k} av {n})").format(share=percent(share.estimate), k=share.k, n=share.n)


def merged_note(result: CriteriaAnalysis) -> str:
    return _("Nivåer har slagits ihop så att inget antal under {t} visas.").format(
        t=result.threshold
    )


def comparable_texts(result: CriteriaAnalysis) -> tuple[str, str] | None:
    """Who counts as comparable, and the gap among them; None when no criterion restricts."""
    comparable = result.comparable
    if comparable is None:
        return None
    g = result.groups
    who = _("Jämförbara är de där {conditions}.").format(
        conditions="; ".join(comparable.conditions)
    )
    if comparable.gap is None:
        return who, _("För få jämförbara ärenden ({n}) för att visa skillnaden.").format(
            n=comparable.n
        )
    return who, gap_text(comparable.gap, g.first, g.second)
