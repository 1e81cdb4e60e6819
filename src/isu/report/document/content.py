"""What the report says: a resolved analysis turned into sections of neutral blocks.

The order follows the method: a summary, the four steps, and an appendix that explains the
numbers in plain Swedish. Items are numbered in the report ("Iakttagelse 2", "Slutsats 1") and
links between them use those numbers, because a board member reads the report, not the ids.
"""

from __future__ import annotations

from collections.abc import Sequence

from isu.analysis.criteria import CriteriaAnalysis
from isu.analysis.criteria.texts import METHODS, comparable_texts, summary
from isu.analysis.formatting import interval_text, number, percent
from isu.analysis.tables import Row, Table
from isu.i18n import _
from isu.report.document import guidance
from isu.report.document.blocks import (
    Block,
    Bullets,
    Figure,
    Grid,
    Heading,
    Paragraph,
    Section,
    Verdict,
)
from isu.report.document.gap_chart import gap_figure
from isu.report.document.matrix import matrix_figure
from isu.report.document.model import (
    Action,
    Answer,
    Conclusion,
    ConclusionStatus,
    DecisionLevel,
    Document,
    Effect,
    Effort,
    Source,
)
from isu.report.document.resolve import Report, ResolvedPin
from isu.report.step1_chart import chart_spec, chart_summary
from isu.report.step1_json import SUPPRESSION_MARKER, level_label
from isu.report.step1_xlsx import first_only_text, secrecy_text

__all__ = ["Numbering", "build_sections", "table_grid"]


class Numbering:
    """Report numbers of pins, reflections and conclusions, in document order."""

    def __init__(self, document: Document) -> None:
        self.pins = {p.id: i for i, p in enumerate(document.pins, start=1)}
        self.reflections = {r.id: i for i, r in enumerate(document.reflections, start=1)}
        self.conclusions = {c.id: i for i, c in enumerate(document.conclusions, start=1)}
        self.actions = {a.id: i for i, a in enumerate(document.actions, start=1)}

    def pin_names(self, ids: Sequence[str]) -> str:
        return ", ".join(_("Iakttagelse {n}").format(n=self.pins[i]) for i in ids)

    def reflection_names(self, ids: Sequence[str]) -> str:
        return ", ".join(_("Reflektion {n}").format(n=self.reflections[i]) for i in ids)

    def conclusion_names(self, ids: Sequence[str]) -> str:
        return ", ".join(_("Slutsats {n}").format(n=self.conclusions[i]) for i in ids)


def build_sections(report: Report) -> list[Section]:
    numbers = Numbering(report.document)
    return [
        _summary(report),
        _step1(report),
        _step2(report, numbers),
        _step3(report, numbers),
        _step4(report, numbers),
        _appendix(report),
    ]


# --------------------------------------------------------------------------- summary


def _summary(report: Report) -> Section:
    d = report.document
    blocks: list[Block] = []
    if d.question:
        blocks.append(Paragraph(d.question, "lead", _("Frågeställning:")))
    if d.summary:
        blocks.append(Paragraph(d.summary))
    verdicts = [_verdict(a) for a in report.criteria()]
    if verdicts:
        blocks.append(Heading(_("Prövningar mot kriterierna"), 3))
        blocks += verdicts
    counts = _(
        "Analysen har {pins} iakttagelser, {reflections} reflektioner, {conclusions} slutsatser "
        "och {actions} åtgärder."
    ).format(
        pins=len(d.pins),
        reflections=len(d.reflections),
        conclusions=len(d.conclusions),
        actions=len(d.actions),
    )
    blocks.append(Paragraph(counts, "meta"))
    return Section("sammanfattning", _("Sammanfattning"), tuple(blocks))


# --------------------------------------------------------------------------- step 1


def _step1(report: Report) -> Section:
    blocks: list[Block] = [Paragraph(guidance.STEP1.intro, "lead"), *_quality(report)]
    if not report.pins:
        blocks.append(Paragraph(_("Inga iakttagelser har valts ut ännu."), "note"))
    for number_, pin in enumerate(report.pins, start=1):
        blocks += _pin(number_, pin)
    return Section("steg1", guidance.STEP1.heading, tuple(blocks))


def _quality(report: Report) -> list[Block]:
    result = report.result
    quality = result.quality
    basis = _("Siffrorna bygger på {records} poster om {clients} personer.").format(
        records=number(quality.records, 0), clients=number(quality.clients, 0)
    )
    if len(result.codebook.occasions) > 1:
        basis += " " + first_only_text(quality)
    labels = list(dict.fromkeys(s.label for s in quality.sizes))
    occasions = list(dict.fromkeys((s.occasion, s.occasion_label) for s in quality.sizes))
    rows = []
    for code, label in occasions:
        by_label = {s.label: s.records for s in quality.sizes if s.occasion == code}
        rows.append((label, *(_count(by_label.get(group)) for group in labels)))
    notes = quality.notes or (
        _("Inga uppgifter saknas tydligt oftare för det ena könet än för det andra."),
    )
    return [
        Heading(_("Datakvalitet"), 3),
        Paragraph(basis),
        Grid(
            _("Antal poster per tillfälle och juridiskt kön"),
            (_("Tillfälle"), *labels),
            tuple(rows),
            sheet=_("Datakvalitet"),
        ),
        Bullets(tuple(notes), _("Att tänka på")),
        Paragraph(secrecy_text(result.settings.threshold), "note"),
    ]


def _pin(number_: int, resolved: ResolvedPin) -> list[Block]:
    heading = _("Iakttagelse {n}: {title}").format(n=number_, title=resolved.title)
    blocks: list[Block] = [Heading(heading, 3)]
    if resolved.pin.comment:
        blocks.append(Paragraph(resolved.pin.comment, "comment", _("Teamets kommentar:")))
    if not resolved.found:
        blocks.append(
            Paragraph(
                _(
                    "Det som fästes här ({ref}) finns inte i resultatet för de nuvarande "
                    "uppgifterna, till exempel för att uppgifterna eller kodboken har ändrats."
                ).format(ref=resolved.pin.ref),
                "note",
            )
        )
    if resolved.observation is not None:
        blocks.append(Paragraph(resolved.observation.text))
    if resolved.table is not None:
        blocks += _table_blocks(resolved.table, number_)
    if resolved.criteria is not None:
        blocks += _criteria_blocks(resolved.criteria)
    return blocks


def _table_blocks(table: Table, number_: int) -> list[Block]:
    blocks: list[Block] = [table_grid(table, _("Iakttagelse {n}").format(n=number_))]
    spec = chart_spec(table)
    if spec is not None:
        alt = chart_summary(table, spec["data"]["values"])
        blocks.append(Figure(spec, alt, _("Andel per grupp med 95 % konfidensintervall.")))
    if table.note:
        blocks.append(Paragraph(table.note, "note"))
    return blocks


def table_grid(table: Table, sheet: str = "") -> Grid:
    """Per group: n and, per category, the share with its 95 % interval (``..`` when hidden).

    A table with many answer categories and few groups is turned so the categories run down the
    page: a board report is read on A4 and on slides, not scrolled sideways.
    """
    dims = [d.label for d in table.breakdown] or [_("Grupp")]
    heads, lines = [], []
    for row in table.rows:
        group = dict(row.group)
        heads.append([level_label(d, group.get(d.key)) for d in table.breakdown] or [row.label])
        lines.append((_count(row.n), *(_share_text(row, k) for k in range(len(row.cells)))))
    caption = _("{title}. {occasion}. Andel med 95 % konfidensintervall per grupp.").format(
        title=table.title, occasion=table.occasion_label
    )
    categories = table.variable.labels
    if len(categories) > WIDE and len(table.rows) <= WIDE:
        header = (table.variable.label, *(" · ".join(h) for h in heads))
        n_row = (_("Antal (n)"), *(line[0] for line in lines))
        rows = [n_row, *((c, *(line[k + 1] for line in lines)) for k, c in enumerate(categories))]
        return Grid(caption, header, tuple(rows), head_columns=1, sheet=sheet)
    header = (*dims, _("Antal (n)"), *categories)
    rows = [(*h, *line) for h, line in zip(heads, lines, strict=True)]
    return Grid(caption, header, tuple(rows), head_columns=len(dims), sheet=sheet)


WIDE = 4  # more answer categories than this, with at most as many groups: turn the table


def _share_text(row: Row, k: int) -> str:
    cell = row.cells[k]
    if cell.count is None or row.n is None:
        return SUPPRESSION_MARKER
    share = cell.share
    if share is None or share.estimate is None:
        return "–"
    return f"{percent(share.estimate)} ({interval_text(share.low, share.high)})"


def _criteria_blocks(analysis: CriteriaAnalysis) -> list[Block]:
    """The verdict, then one line per criterion variable: the detail stays in steg1.html."""
    rows = tuple(
        (criterion.kind.label, variable.label, variable.verdict.label)
        for criterion in analysis.criteria
        for variable in criterion.variables
    )
    blocks: list[Block] = [_verdict(analysis)]
    figure = gap_figure(analysis)
    if figure is not None:
        blocks.append(figure)
    blocks += [
        Grid(
            _("Bedömning per kriterium och uppgift"),
            (_("Kriterium"), _("Uppgift"), _("Bedömning")),
            rows,
            wide=1,
        ),
    ]
    comparable = comparable_texts(analysis)
    if comparable is not None:
        blocks.append(Paragraph(" ".join(comparable), "", _("Bland jämförbara ärenden:")))
    return blocks


def _verdict(analysis: CriteriaAnalysis) -> Verdict:
    return Verdict(analysis.verdict.outcome.value, analysis.verdict.label, summary(analysis))


# --------------------------------------------------------------------------- step 2


def _step2(report: Report, numbers: Numbering) -> Section:
    d = report.document
    blocks: list[Block] = [Paragraph(_STEP2_INTRO, "lead")]
    for source in Source:
        help_ = guidance.STEP2[source]
        blocks += [
            Heading(help_.heading, 3),
            Bullets(help_.questions, _("Frågor att utgå från")),
        ]
        written = [r for r in d.reflections if r.source is source]
        if not written:
            blocks.append(Paragraph(_("Inga reflektioner ännu."), "note"))
        for r in written:
            label = _("Reflektion {n}:").format(n=numbers.reflections[r.id])
            blocks.append(Paragraph(r.text, "", label))
            if r.pins:
                concerns = _("Gäller {items}.").format(items=numbers.pin_names(r.pins))
                blocks.append(Paragraph(concerns, "meta"))
    blocks += _checks(d)
    return Section("steg2", _("Steg 2 – Vi reflekterar"), tuple(blocks))


_STEP2_INTRO = _(
    "Vi söker tänkbara orsaker till det vi ser – är skillnaderna eller likheterna en följd av "
    "ojämställdhet eller ojämlikhet? – utifrån tre kunskapskällor."
)


def _checks(d: Document) -> list[Block]:
    bias = guidance.BIAS
    answers = (d.bias.stereotyped, d.bias.amplified, d.bias.ignored, d.bias.own_analysis)
    blocks: list[Block] = [Heading(bias.heading, 3), Paragraph(bias.intro)]
    blocks += [
        Paragraph(answer or _("Inte besvarad."), "" if answer else "note", question)
        for question, answer in zip(bias.questions, answers, strict=True)
    ]
    myth = guidance.MYTH
    blocks += [Heading(myth.heading, 3), Paragraph(myth.intro)]
    if d.myth.claim:
        blocks.append(Paragraph(d.myth.claim, "", _("Föreställningen:")))
        blocks.append(
            Paragraph(d.myth.evidence or _("Inte besvarad."), "", _("Vad uppgifterna visar:"))
        )
        if d.myth.supported is not None:
            supported = _SUPPORTED[d.myth.supported]
            blocks.append(Paragraph(supported, "", _("Stöds föreställningen?")))
    else:
        blocks.append(Paragraph(_("Ingen föreställning prövad ännu."), "note"))
    return blocks


_SUPPORTED = {
    Answer.YES: _("Ja, uppgifterna stöder den."),
    Answer.NO: _("Nej, uppgifterna stöder den inte."),
    Answer.UNSURE: _("Vet inte än – det behövs mer underlag."),
}


# --------------------------------------------------------------------------- step 3


def _step3(report: Report, numbers: Numbering) -> Section:
    help_ = guidance.STEP3
    blocks: list[Block] = [Paragraph(help_.intro, "lead"), Bullets(help_.questions)]
    if not report.document.conclusions:
        blocks.append(Paragraph(_("Inga slutsatser ännu."), "note"))
    for c in report.document.conclusions:
        blocks += _conclusion(c, numbers)
    return Section("steg3", help_.heading, tuple(blocks))


def _conclusion(c: Conclusion, numbers: Numbering) -> list[Block]:
    n = numbers.conclusions[c.id]
    if c.status is ConclusionStatus.NOT_YET:
        heading = _("Slutsats {n}: kan inte dras ännu").format(n=n)
    else:
        heading = _("Slutsats {n}").format(n=n)
    blocks: list[Block] = [Heading(heading, 3), Paragraph(c.text)]
    if c.status is ConclusionStatus.NOT_YET:
        blocks.append(Paragraph(c.needed, "", _("Detta behöver vi veta:")))
    if c.maintains_inequality is not None:
        blocks.append(
            Paragraph(
                c.maintains_inequality.label,
                "",
                _("Riskerar det att upprätthålla ojämställdhet eller ojämlikhet?"),
            )
        )
    if c.norms:
        blocks.append(Paragraph(c.norms, "", _("Normer och föreställningar:")))
    if c.needs:
        blocks.append(Bullets(tuple(need.label for need in c.needs), _("För att gå vidare")))
    links = [numbers.pin_names(c.pins), numbers.reflection_names(c.reflections)]
    if any(links):
        text = _("Bygger på {items}.").format(items=", ".join(x for x in links if x))
        blocks.append(Paragraph(text, "meta"))
    return blocks


# --------------------------------------------------------------------------- step 4


def _step4(report: Report, numbers: Numbering) -> Section:
    d = report.document
    help_ = guidance.STEP4
    blocks: list[Block] = [Paragraph(help_.intro, "lead")]
    if d.actions:
        blocks.append(_actions_grid(d.actions, numbers))
        blocks.append(matrix_figure(d.actions, numbers.actions))
        for level_actions, title in _by_level(d.actions):
            blocks.append(Bullets(level_actions, title))
    else:
        blocks.append(Paragraph(_("Inga åtgärder ännu."), "note"))
    if d.stakeholders:
        rows = tuple((s.name, s.involvement.label, s.how) for s in d.stakeholders)
        blocks += [
            Heading(_("Vilka ska involveras och informeras?"), 3),
            Grid(
                _("Involvera, återkoppla och förankra"),
                (_("Vem"), _("Roll"), _("Hur")),
                rows,
                sheet=_("Involvera"),
                wide=2,
            ),
        ]
    return Section("steg4", help_.heading, tuple(blocks))


def _actions_grid(actions: Sequence[Action], numbers: Numbering) -> Grid:
    header = (
        _("Nr"),
        _("Åtgärd"),
        _("Svarar mot"),
        _("Insats / effekt"),
        _("Beslutas av"),
        _("Ansvarig"),
        _("Klart"),
        _("Status"),
    )
    rows = []
    for a in actions:
        answers = "; ".join(x for x in (numbers.conclusion_names(a.answers), a.cause) if x)
        rows.append(
            (
                str(numbers.actions[a.id]),
                a.text,
                answers,
                f"{_SHORT[a.effort]} / {_SHORT[a.effect].lower()}",
                _SHORT[a.level],
                a.owner,
                a.due.isoformat() if a.due else "",
                a.status.label,
            )
        )
    return Grid(_("Åtgärder"), header, tuple(rows), sheet=_("Åtgärder"), wide=1)


_SHORT = {
    Effort.EASY: _("Lätt"),
    Effort.HARD: _("Svår"),
    Effect.SMALL: _("Liten"),
    Effect.LARGE: _("Stor"),
    DecisionLevel.UNIT: _("Verksamheten"),
    DecisionLevel.POLITICAL: _("Politiken"),
}


def _by_level(actions: Sequence[Action]) -> list[tuple[tuple[str, ...], str]]:
    groups = []
    for level in dict.fromkeys(a.level for a in actions):
        items = tuple(a.text for a in actions if a.level is level)
        groups.append((items, level.label))
    return groups


# --------------------------------------------------------------------------- appendix


def _appendix(report: Report) -> Section:
    threshold = report.result.settings.threshold
    blocks: list[Block] = [
        Heading(_("Vad är ett konfidensintervall?"), 3),
        Paragraph(
            _(
                "Varje andel visas med ett 95 % konfidensintervall, till exempel 58 % (52–64 %). "
                "Intervallet visar hur mycket andelen hade kunnat variera om samma verksamhet "
                "hade haft andra, lika många klienter. Ett brett intervall betyder att underlaget "
                "är litet. När intervallen för två grupper inte överlappar är skillnaden säker; "
                "när de överlappar mycket kan skillnaden vara slumpen."
            )
        ),
        Heading(_("Varför står det .. i vissa celler?"), 3),
        Paragraph(secrecy_text(threshold)),
        Paragraph(
            _(
                "Det skyddar enskilda personer: i en liten grupp kan ett litet antal peka ut "
                "någon. Även andra celler döljs när det dolda annars skulle kunna räknas fram ur "
                "summor."
            )
        ),
        Heading(_("Hur prövningen mot kriterierna avgör"), 3),
        Bullets(tuple(text.format(threshold=threshold) for text in METHODS.values())),
        Paragraph(guidance.CITATION, "meta"),
    ]
    return Section("bilaga", _("Bilaga: Så läser du rapporten"), tuple(blocks))


def _count(value: int | None) -> str:
    return SUPPRESSION_MARKER if value is None else number(value, 0)
