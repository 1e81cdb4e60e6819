"""An analysis as a file the team can write: YAML or JSON with Swedish keys, checked on reading.

The keys are Swedish because teams write these files by hand for ``isu rapport``. Every problem
is collected with the place it was found (``steg3[2].status``) and a Swedish message, so one run
shows them all; nothing is built from a file with errors. :func:`to_dict` writes the same shape,
so a document read and written again is unchanged.

>>> document = read_document(Path("analys.yaml"))  # doctest: +SKIP
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml

from isu.i18n import _
from isu.report.document.model import (
    Action,
    ActionStatus,
    Answer,
    BiasCheck,
    Conclusion,
    ConclusionStatus,
    DecisionLevel,
    Document,
    Effect,
    Effort,
    Involvement,
    Labelled,
    MythCheck,
    Need,
    Pin,
    PinKind,
    Reflection,
    Source,
    Stakeholder,
)

__all__ = ["DocumentError", "from_dict", "read_document", "to_dict", "write_document"]

MAX_BYTES = 5_000_000
E = TypeVar("E", bound=Labelled)


class DocumentError(ValueError):
    """The file cannot be read as an analysis; ``problems`` lists (place, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{place}: {message}" for place, message in problems))


def read_document(path: Path) -> Document:
    """Read a YAML (``.yaml``/``.yml``) or JSON file; raise :class:`DocumentError` on problems."""
    try:
        size = path.stat().st_size
    except OSError:
        raise DocumentError([(path.name, _("Filen finns inte eller kan inte läsas."))]) from None
    if size > MAX_BYTES:
        raise DocumentError([(path.name, _("Filen är för stor för en analys (högst 5 MB)."))])
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        where = getattr(error, "problem_mark", None)
        line = where.line + 1 if where is not None else getattr(error, "lineno", None)
        place = f"{path.name}, rad {line}" if line else path.name
        raise DocumentError([(place, _("Filen går inte att läsa som YAML eller JSON."))]) from None
    return from_dict(data)


def write_document(document: Document, path: Path) -> Path:
    data = to_dict(document)
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def from_dict(data: Any) -> Document:
    reader = _Reader()
    document = reader.document(data)
    if reader.problems:
        raise DocumentError(reader.problems)
    return document


class _Reader:
    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def fail(self, place: str, message: str) -> None:
        self.problems.append((place, message))

    # ------------------------------------------------------------------ whole document

    def document(self, data: Any) -> Document:
        data = self.mapping(data, "analys")
        title = self.text(data, "titel", "analys", required=True)
        step2 = self.mapping(data.get("steg2", {}), "steg2")
        step4 = self.mapping(data.get("steg4", {}), "steg4")
        pins = self.items(data.get("steg1", []), "steg1", self.pin)
        reflections = self.items(
            step2.get("reflektioner", []), "steg2.reflektioner", self.reflection
        )
        conclusions = self.items(data.get("steg3", []), "steg3", self.conclusion)
        actions = self.items(step4.get("atgarder", []), "steg4.atgarder", self.action)
        document = Document(
            title=title,
            question=self.text(data, "fragestallning", "analys"),
            unit=self.text(data, "verksamhet", "analys"),
            period=self.text(data, "period", "analys"),
            authors=tuple(self.strings(data.get("forfattare", []), "forfattare")),
            date=self.date(data.get("datum"), "datum"),
            summary=self.text(data, "sammanfattning", "analys"),
            pins=tuple(pins),
            reflections=tuple(reflections),
            bias=self.bias(step2.get("genusbias", {})),
            myth=self.myth(step2.get("myt", {})),
            conclusions=tuple(conclusions),
            actions=tuple(actions),
            stakeholders=tuple(
                self.items(step4.get("involvera", []), "steg4.involvera", self.stakeholder)
            ),
        )
        self.check_links(document)
        return document

    def check_links(self, document: Document) -> None:
        pins = self.unique(document.pins, "steg1")
        reflections = self.unique(document.reflections, "steg2.reflektioner")
        conclusions = self.unique(document.conclusions, "steg3")
        self.unique(document.actions, "steg4.atgarder")
        for i, r in enumerate(document.reflections):
            self.links(r.pins, pins, f"steg2.reflektioner[{i + 1}].iakttagelser", _("steg 1"))
        for i, c in enumerate(document.conclusions):
            place = f"steg3[{i + 1}]"
            self.links(c.pins, pins, f"{place}.iakttagelser", _("steg 1"))
            self.links(c.reflections, reflections, f"{place}.reflektioner", _("steg 2"))
        for i, a in enumerate(document.actions):
            self.links(a.answers, conclusions, f"steg4.atgarder[{i + 1}].svarar_mot", _("steg 3"))

    def unique(
        self, items: Iterable[Pin | Reflection | Conclusion | Action], place: str
    ) -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                self.fail(f"{place}[{i + 1}].id", _("«{id}» används redan.").format(id=item.id))
            seen.add(item.id)
        return seen

    def links(self, wanted: Iterable[str], known: set[str], place: str, step: str) -> None:
        for link in wanted:
            if link not in known:
                self.fail(place, _("«{id}» finns inte i {step}.").format(id=link, step=step))

    # ------------------------------------------------------------------ the parts

    def pin(self, data: Mapping[str, Any], place: str) -> Pin:
        return Pin(
            id=self.text(data, "id", place, required=True),
            kind=self.choice(data, "typ", place, PinKind, required=True) or PinKind.TABLE,
            ref=self.text(data, "ref", place, required=True),
            comment=self.text(data, "kommentar", place),
        )

    def reflection(self, data: Mapping[str, Any], place: str) -> Reflection:
        return Reflection(
            id=self.text(data, "id", place, required=True),
            source=self.choice(data, "kalla", place, Source, required=True) or Source.INDIVIDUAL,
            text=self.text(data, "text", place, required=True),
            pins=tuple(self.strings(data.get("iakttagelser", []), f"{place}.iakttagelser")),
        )

    def conclusion(self, data: Mapping[str, Any], place: str) -> Conclusion:
        status = self.choice(data, "status", place, ConclusionStatus) or ConclusionStatus.DRAWN
        needed = self.text(data, "behover_veta", place)
        if status is ConclusionStatus.NOT_YET and not needed:
            self.fail(
                f"{place}.behover_veta",
                _("Skriv vad ni behöver veta när ni inte kan dra en slutsats ännu."),
            )
        return Conclusion(
            id=self.text(data, "id", place, required=True),
            text=self.text(data, "text", place, required=True),
            status=status,
            needed=needed,
            maintains_inequality=self.choice(data, "upprathaller_ojamstalldhet", place, Answer),
            norms=self.text(data, "normer", place),
            needs=tuple(self.choices(data.get("behov", []), f"{place}.behov", Need)),
            pins=tuple(self.strings(data.get("iakttagelser", []), f"{place}.iakttagelser")),
            reflections=tuple(self.strings(data.get("reflektioner", []), f"{place}.reflektioner")),
        )

    def action(self, data: Mapping[str, Any], place: str) -> Action:
        answers = tuple(self.strings(data.get("svarar_mot", []), f"{place}.svarar_mot"))
        cause = self.text(data, "orsak", place)
        if not answers and not cause:
            self.fail(
                place,
                _(
                    "En åtgärd ska svara mot en slutsats (svarar_mot) eller en namngiven orsak "
                    "(orsak)."
                ),
            )
        return Action(
            id=self.text(data, "id", place, required=True),
            text=self.text(data, "text", place, required=True),
            effort=self.choice(data, "insats", place, Effort, required=True) or Effort.EASY,
            effect=self.choice(data, "effekt", place, Effect, required=True) or Effect.SMALL,
            level=self.choice(data, "beslutsniva", place, DecisionLevel, required=True)
            or DecisionLevel.UNIT,
            answers=answers,
            cause=cause,
            owner=self.text(data, "ansvarig", place),
            due=self.date(data.get("klart"), f"{place}.klart"),
            status=self.choice(data, "status", place, ActionStatus) or ActionStatus.PROPOSED,
        )

    def stakeholder(self, data: Mapping[str, Any], place: str) -> Stakeholder:
        return Stakeholder(
            name=self.text(data, "namn", place, required=True),
            involvement=self.choice(data, "roll", place, Involvement) or Involvement.INVOLVE,
            how=self.text(data, "hur", place),
        )

    def bias(self, data: Any) -> BiasCheck:
        data = self.mapping(data, "steg2.genusbias")
        place = "steg2.genusbias"
        return BiasCheck(
            stereotyped=self.text(data, "stereotyp", place),
            amplified=self.text(data, "forstarker", place),
            ignored=self.text(data, "bortser", place),
            own_analysis=self.text(data, "egen_analys", place),
        )

    def myth(self, data: Any) -> MythCheck:
        data = self.mapping(data, "steg2.myt")
        return MythCheck(
            claim=self.text(data, "pastaende", "steg2.myt"),
            evidence=self.text(data, "belagg", "steg2.myt"),
            supported=self.choice(data, "stods", "steg2.myt", Answer),
        )

    # ------------------------------------------------------------------ values

    def mapping(self, data: Any, place: str) -> Mapping[str, Any]:
        if data is None:
            return {}
        if not isinstance(data, Mapping):
            self.fail(place, _("Här ska det stå nycklar med värden."))
            return {}
        return data

    def items(
        self, data: Any, place: str, build: Callable[[Mapping[str, Any], str], Any]
    ) -> list[Any]:
        if data is None:
            return []
        if not isinstance(data, list):
            self.fail(place, _("Här ska det stå en lista."))
            return []
        built = []
        for i, item in enumerate(data):
            where = f"{place}[{i + 1}]"
            if isinstance(item, Mapping):
                built.append(build(item, where))
            else:
                self.fail(where, _("Här ska det stå nycklar med värden."))
        return built

    def text(self, data: Mapping[str, Any], key: str, place: str, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(f"{place}.{key}", _("Saknas, men behövs."))
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(f"{place}.{key}", _("Här ska det stå en text."))
            return ""
        return str(value).strip()

    def strings(self, data: Any, place: str) -> list[str]:
        if data is None:
            return []
        if isinstance(data, str):
            return [data]
        if not isinstance(data, list) or not all(isinstance(v, str | int) for v in data):
            self.fail(place, _("Här ska det stå en lista med texter."))
            return []
        return [str(v) for v in data]

    def choice(
        self,
        data: Mapping[str, Any],
        key: str,
        place: str,
        kind: type[E],
        *,
        required: bool = False,
    ) -> E | None:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(f"{place}.{key}", _("Saknas, men behövs."))
            return None
        return self._member(value, f"{place}.{key}", kind)

    def choices(self, data: Any, place: str, kind: type[E]) -> list[E]:
        members = (self._member(v, place, kind) for v in self.strings(data, place))
        return [m for m in members if m is not None]

    def _member(self, value: Any, place: str, kind: type[E]) -> E | None:
        try:
            return kind(str(value))
        except ValueError:
            self.fail(
                place,
                _("«{value}» är inte ett giltigt värde. Välj bland: {valid}.").format(
                    value=value, valid=", ".join(m.value for m in kind)
                ),
            )
            return None

    def date(self, value: Any, place: str) -> datetime.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(place, _("«{value}» är inget datum (ÅÅÅÅ-MM-DD).").format(value=value))
            return None


def to_dict(document: Document) -> dict[str, Any]:
    """The document in the file's shape (empty values left out)."""
    d = document
    data: dict[str, Any] = {
        "titel": d.title,
        "fragestallning": d.question,
        "verksamhet": d.unit,
        "period": d.period,
        "forfattare": list(d.authors),
        "datum": d.date.isoformat() if d.date else None,
        "sammanfattning": d.summary,
        "steg1": [
            _compact({"id": p.id, "typ": p.kind.value, "ref": p.ref, "kommentar": p.comment})
            for p in d.pins
        ],
        "steg2": {
            "reflektioner": [
                _compact(
                    {"id": r.id, "kalla": r.source.value, "text": r.text, "iakttagelser": r.pins}
                )
                for r in d.reflections
            ],
            "genusbias": _compact(
                {
                    "stereotyp": d.bias.stereotyped,
                    "forstarker": d.bias.amplified,
                    "bortser": d.bias.ignored,
                    "egen_analys": d.bias.own_analysis,
                }
            ),
            "myt": _compact(
                {"pastaende": d.myth.claim, "belagg": d.myth.evidence, "stods": d.myth.supported}
            ),
        },
        "steg3": [_conclusion_dict(c) for c in d.conclusions],
        "steg4": {
            "atgarder": [_action_dict(a) for a in d.actions],
            "involvera": [
                _compact({"namn": s.name, "roll": s.involvement.value, "hur": s.how})
                for s in d.stakeholders
            ],
        },
    }
    return _compact(data)


def _conclusion_dict(c: Conclusion) -> dict[str, Any]:
    return _compact(
        {
            "id": c.id,
            "text": c.text,
            "status": c.status.value,
            "behover_veta": c.needed,
            "upprathaller_ojamstalldhet": c.maintains_inequality,
            "normer": c.norms,
            "behov": [n.value for n in c.needs],
            "iakttagelser": c.pins,
            "reflektioner": c.reflections,
        }
    )


def _action_dict(a: Action) -> dict[str, Any]:
    return _compact(
        {
            "id": a.id,
            "text": a.text,
            "svarar_mot": a.answers,
            "orsak": a.cause,
            "insats": a.effort.value,
            "effekt": a.effect.value,
            "beslutsniva": a.level.value,
            "ansvarig": a.owner,
            "klart": a.due.isoformat() if a.due else None,
            "status": a.status.value,
        }
    )


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values; enums become their codes and tuples lists."""
    compact: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Labelled):
            value = value.value
        elif isinstance(value, tuple):
            value = list(value)
        if value in (None, "", [], {}):
            continue
        compact[key] = value
    return compact
