"""The analysis document: the team's four steps, read from a file or the web app, linked to a
step-1 result and exported as PDF, Word, Excel and PowerPoint.

>>> document = read_document(Path("analys.yaml"))  # doctest: +SKIP
>>> report = resolve(document, step1_result)  # doctest: +SKIP
"""

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
    MythCheck,
    Need,
    Pin,
    PinKind,
    Reflection,
    Source,
    Stakeholder,
)
from isu.report.document.reading import (
    DocumentError,
    from_dict,
    read_document,
    to_dict,
    write_document,
)
from isu.report.document.resolve import (
    Report,
    ResolvedPin,
    criteria_key,
    observation_key,
    resolve,
)

__all__ = [
    "Action",
    "ActionStatus",
    "Answer",
    "BiasCheck",
    "Conclusion",
    "ConclusionStatus",
    "DecisionLevel",
    "Document",
    "DocumentError",
    "Effect",
    "Effort",
    "Involvement",
    "MythCheck",
    "Need",
    "Pin",
    "PinKind",
    "Reflection",
    "Report",
    "ResolvedPin",
    "Source",
    "Stakeholder",
    "criteria_key",
    "from_dict",
    "observation_key",
    "read_document",
    "resolve",
    "to_dict",
    "write_document",
]
