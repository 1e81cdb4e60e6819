"""What the start page shows: each of the user's units with its follow-ups and the next steps
the user's role allows there, and the actions of step 4 that are not done yet.

The start page is where a social worker lands; it should answer «where are we, and what do I
do now?» without a manual. Everything here follows the same access rules as the pages it links
to: follow-ups of the user's units only, and analyses (with their actions) only in units where
the user is analyst or administrator.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Max

from isu.report.document.model import ActionStatus
from isu.web.accounts.models import Membership
from isu.web.analyses.models import Analysis, Item, Kind
from isu.web.followups.access import ANALYSTS, COLLECTORS, MANAGERS
from isu.web.followups.models import FollowUp, Record


@dataclass(frozen=True)
class FollowUpSummary:
    followup: FollowUp
    record_count: int
    last_record: datetime.datetime | None
    analysis_count: int


@dataclass
class UnitOverview:
    membership: Membership
    followups: list[FollowUpSummary] = field(default_factory=list)

    @property
    def collects(self) -> bool:
        return self.membership.role in COLLECTORS

    @property
    def analyses(self) -> bool:
        return self.membership.role in ANALYSTS

    @property
    def manages(self) -> bool:
        return self.membership.role in MANAGERS


@dataclass(frozen=True)
class OpenAction:
    """An action of step 4 that is proposed, decided or ongoing, with where it was written."""

    item: Item
    text: str
    owner: str
    due: datetime.date | None
    status: str
    overdue: bool


def unit_overviews(user: AbstractBaseUser) -> list[UnitOverview]:
    """The user's units in name order, each with its follow-ups (records and analyses counted,
    the latest record date for «senast registrerat»)."""
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("unit__organisation")
        .order_by("unit__organisation__name", "unit__name")
    )
    overviews = {m.unit_id: UnitOverview(m) for m in memberships}
    followups = list(FollowUp.objects.filter(unit_id__in=overviews).order_by("title"))
    # Two grouped queries rather than one join of records × analyses.
    records = {
        row["followup"]: row
        for row in Record.objects.filter(followup__in=followups)
        .values("followup")
        .annotate(n=Count("pk"), last=Max("created_at"))
    }
    analyses = dict(
        Analysis.objects.filter(followup__in=followups)
        .values("followup")
        .annotate(n=Count("pk"))
        .values_list("followup", "n")
    )
    for followup in followups:
        row = records.get(followup.pk, {})
        summary = FollowUpSummary(
            followup, row.get("n", 0), row.get("last"), analyses.get(followup.pk, 0)
        )
        overviews[followup.unit_id].followups.append(summary)
    return list(overviews.values())


def open_actions(user: AbstractBaseUser, today: datetime.date) -> list[OpenAction]:
    """Actions not marked done in the analyses the user may read, the overdue first and then
    by date (actions without a date last)."""
    units = Membership.objects.filter(user=user, role__in=ANALYSTS).values("unit_id")
    items = Item.objects.filter(
        kind=Kind.ACTION, deleted=False, analysis__followup__unit_id__in=units
    ).select_related("analysis__followup")
    actions = []
    for item in items:
        status = ActionStatus(item.content.get("status") or ActionStatus.PROPOSED)
        if status is ActionStatus.DONE:
            continue
        due = _date(item.content.get("klart"))
        actions.append(
            OpenAction(
                item=item,
                text=str(item.content.get("text", "")),
                owner=str(item.content.get("ansvarig", "")),
                due=due,
                status=status.label,
                overdue=due is not None and due < today,
            )
        )
    return sorted(actions, key=lambda a: (a.due is None, a.due or today, a.item.pk))


def _date(value: object) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
