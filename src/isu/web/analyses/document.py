"""Stored items ↔ the library's :class:`~isu.report.document.Document`.

The items are put together in the shape of an analysis file and read with
:func:`isu.report.document.from_dict`, so the web app and ``isu rapport`` share one set of rules
(a conclusion that cannot be drawn yet must say what is needed, an action must answer a
conclusion or a named cause, links must point at existing parts). :func:`problems` runs those
rules for one item and says which of its fields each message belongs to.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from isu.report.document import Document, DocumentError, from_dict, to_dict
from isu.web.analyses.models import Analysis, Item, Kind
from isu.web.followups.models import FollowUp

# Where each kind of item lives in the file's shape; the singletons are mappings, the rest lists.
PATHS: dict[str, tuple[str, ...]] = {
    Kind.HEADER: (),
    Kind.PIN: ("steg1",),
    Kind.REFLECTION: ("steg2", "reflektioner"),
    Kind.BIAS: ("steg2", "genusbias"),
    Kind.MYTH: ("steg2", "myt"),
    Kind.CONCLUSION: ("steg3",),
    Kind.ACTION: ("steg4", "atgarder"),
    Kind.STAKEHOLDER: ("steg4", "involvera"),
}
IDENTIFIED = (Kind.PIN, Kind.REFLECTION, Kind.CONCLUSION, Kind.ACTION)
# Links to other items, by field: the kind they point at.
LINKS = {"iakttagelser": Kind.PIN, "reflektioner": Kind.REFLECTION, "svarar_mot": Kind.CONCLUSION}


@dataclass(frozen=True)
class Part:
    """What :func:`assemble` needs of an item (a stored one, or one being saved)."""

    kind: str
    key: str
    content: dict[str, Any]


def assemble(parts: Iterable[Part]) -> tuple[dict[str, Any], dict[str, str]]:
    """The analysis in the file's shape, and each item's place in it (``steg3[2]``)."""
    parts = list(parts)
    live = {p.key for p in parts}
    data: dict[str, Any] = {"steg2": {}, "steg4": {}}
    places: dict[str, str] = {}
    for part in parts:
        content = _live_links(part.content, live)
        path = PATHS[part.kind]
        if part.kind == Kind.HEADER:
            data.update(content)
            places[part.key] = "analys"
            continue
        parent = data
        for name in path[:-1]:
            parent = parent.setdefault(name, {})
        if part.kind in (Kind.BIAS, Kind.MYTH):
            parent[path[-1]] = content
            places[part.key] = ".".join(path)
            continue
        entries = parent.setdefault(path[-1], [])
        entries.append({"id": part.key, **content} if part.kind in IDENTIFIED else content)
        places[part.key] = f"{'.'.join(path)}[{len(entries)}]"
    return data, places


def _live_links(content: dict[str, Any], live: set[str]) -> dict[str, Any]:
    """*content* without links to items that have been deleted since."""
    return {
        key: [v for v in value if v in live] if key in LINKS else value
        for key, value in content.items()
    }


def parts_of(items: Iterable[Item]) -> list[Part]:
    return [Part(item.kind, item.key, item.content) for item in items]


def problems(analysis: Analysis, part: Part) -> list[tuple[str | None, str]]:
    """The library's objections to *part* (new or changed), as (field or None, message)."""
    parts = [p for p in parts_of(analysis.live_items()) if p.key != part.key] + [part]
    data, places = assemble(parts)
    try:
        from_dict(data)
    except DocumentError as error:
        place = places[part.key]
        found: list[tuple[str | None, str]] = []
        for where, message in error.problems:
            if where == place:
                found.append((None, message))
            elif where.startswith(place + "."):
                found.append((where[len(place) + 1 :].split(".")[0], message))
        return found
    return []


def document(analysis: Analysis, items: Sequence[Item] | None = None) -> Document:
    """The analysis as the library's document (raises :class:`DocumentError` if it is not one)."""
    items = list(analysis.live_items()) if items is None else list(items)
    data, _places = assemble(parts_of(items))
    authors = sorted({_name(i.updated_by) for i in items if i.updated_by is not None})
    latest = max((i.updated_at for i in items), default=analysis.updated_at)
    data |= {
        "verksamhet": analysis.followup.unit.name,
        "forfattare": authors,
        "datum": latest.date().isoformat(),
    }
    return from_dict(data)


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


@transaction.atomic
def import_document(followup: FollowUp, doc: Document, user: Any) -> Analysis:
    """A new analysis holding *doc*'s texts (the demo analysis, or one read from a file)."""
    data = to_dict(doc)
    header = {
        k: data[k] for k in ("titel", "fragestallning", "period", "sammanfattning") if k in data
    }
    analysis = Analysis.start(followup, user, header)
    step2, step4 = data.get("steg2", {}), data.get("steg4", {})
    for kind, content in ((Kind.BIAS, step2.get("genusbias")), (Kind.MYTH, step2.get("myt"))):
        if content:
            analysis.single(kind).change(user, 1, content)
    keys: dict[str, str] = {}
    groups = (
        (Kind.PIN, data.get("steg1", [])),
        (Kind.REFLECTION, step2.get("reflektioner", [])),
        (Kind.CONCLUSION, data.get("steg3", [])),
        (Kind.ACTION, step4.get("atgarder", [])),
        (Kind.STAKEHOLDER, step4.get("involvera", [])),
    )
    for kind, entries in groups:
        for entry in entries:
            content = {k: v for k, v in entry.items() if k != "id"}
            for field in LINKS:
                if field in content:
                    content[field] = [keys[v] for v in content[field] if v in keys]
            item = analysis.add(kind, content, user)
            if "id" in entry:
                keys[entry["id"]] = item.key
    return analysis
