"""An analysis of a follow-up, stored as items that each keep every version.

The team's texts are stored item by item (the header, each pin, reflection, conclusion, action
and stakeholder, and the two checks of step 2) so several people can edit one analysis at once:
a save names the version it was based on and succeeds only if that is still the current one
(one conditional UPDATE), otherwise the view shows both texts. Every save, and every deletion
(which is only a mark), adds an :class:`ItemVersion`, so nothing written is ever lost.

An item's ``content`` has the shape of its part of an analysis file
(:mod:`isu.report.document.reading`, Swedish keys), so the whole analysis becomes a
:class:`~isu.report.document.Document` by the library's own reader and rules.
"""

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isu.web.followups.models import FollowUp


class Kind(models.TextChoices):
    HEADER = "rubrik", _("Analysens uppgifter")
    PIN = "iakttagelse", _("Fäst iakttagelse")
    REFLECTION = "reflektion", _("Reflektion")
    BIAS = "genusbias", _("Genusbias")
    MYTH = "myt", _("Mytkoll")
    CONCLUSION = "slutsats", _("Slutsats")
    ACTION = "atgard", _("Åtgärd")
    STAKEHOLDER = "involvera", _("Involvera eller informera")


SINGLETONS = (Kind.HEADER, Kind.BIAS, Kind.MYTH)  # one per analysis; the key is the kind
PREFIXES = {Kind.PIN: "i", Kind.REFLECTION: "r", Kind.CONCLUSION: "s", Kind.ACTION: "a"}
PREFIXES[Kind.STAKEHOLDER] = "k"
STEPS = {
    Kind.HEADER: 1,
    Kind.PIN: 1,
    Kind.REFLECTION: 2,
    Kind.BIAS: 2,
    Kind.MYTH: 2,
    Kind.CONCLUSION: 3,
    Kind.ACTION: 4,
    Kind.STAKEHOLDER: 4,
}


def name_of(user: Any) -> str:
    """A person as the pages name them: full name, else user name; "–" once they are gone."""
    if user is None:
        return "–"
    return str(user.get_full_name() or user.get_username())


class Analysis(models.Model):
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="analyses")
    # Kept equal to the header item's title, for lists.
    title = models.CharField(_("titel"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The number in the next item's key ("r7"); bumped atomically, never reused.
    next_number = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("analys")
        verbose_name_plural = _("analyser")

    def __str__(self) -> str:
        return self.title

    @classmethod
    @transaction.atomic
    def start(cls, followup: FollowUp, user: Any, header: dict[str, str]) -> "Analysis":
        """A new analysis with its header and two empty checks, each at version 1."""
        analysis = cls.objects.create(followup=followup, title=header["titel"], created_by=user)
        for kind, content in ((Kind.HEADER, header), (Kind.BIAS, {}), (Kind.MYTH, {})):
            analysis.add(kind, content, user)
        return analysis

    def add(self, kind: str, content: dict[str, Any], user: Any) -> "Item":
        """A new item at version 1 (singletons take their kind as key)."""
        key = kind if kind in SINGLETONS else self._next_key(kind)
        item = Item.objects.create(
            analysis=self, kind=kind, key=key, content=content, updated_by=user
        )
        item.versions.create(number=1, content=content, author=user)
        self.touched(item)
        return item

    def _next_key(self, kind: str) -> str:
        Analysis.objects.filter(pk=self.pk).update(next_number=F("next_number") + 1)
        self.refresh_from_db(fields=["next_number"])
        return f"{PREFIXES[Kind(kind)]}{self.next_number - 1}"

    def touched(self, item: "Item") -> None:
        fields: dict[str, Any] = {"updated_at": timezone.now()}
        if item.kind == Kind.HEADER:
            fields["title"] = item.content.get("titel", "")[:200] or self.title
        Analysis.objects.filter(pk=self.pk).update(**fields)

    def live_items(self) -> "models.QuerySet[Item]":
        return self.items.filter(deleted=False).select_related("updated_by").order_by("pk")

    def single(self, kind: str) -> "Item":
        return self.items.get(key=kind)


class Item(models.Model):
    """One editable part of an analysis, at its latest version."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=20)  # "rubrik", "i3", "r7", … (ids in the document)
    version = models.PositiveIntegerField(default=1)
    content: Any = models.JSONField(default=dict)
    deleted = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("analysis", "pk")
        constraints = (
            models.UniqueConstraint(fields=("analysis", "key"), name="analysis_item_key_unique"),
        )

    def __str__(self) -> str:
        return f"{self.analysis} {self.key} v{self.version}"

    @property
    def author_name(self) -> str:
        return name_of(self.updated_by)

    @property
    def step(self) -> int:
        return STEPS[Kind(self.kind)]

    @transaction.atomic
    def change(
        self, user: Any, base: int, content: dict[str, Any] | None = None, *, deleted: bool = False
    ) -> bool:
        """Save a new version on top of version *base*; False (nothing saved) if it is stale.

        The check and the write are one conditional UPDATE, so of two saves based on the same
        version exactly one wins and the other is told.
        """
        fields: dict[str, Any] = {
            "version": base + 1,
            "deleted": deleted,
            "updated_at": timezone.now(),
            "updated_by": user,
        }
        if content is not None:
            fields["content"] = content
        if not Item.objects.filter(pk=self.pk, version=base).update(**fields):
            self.refresh_from_db()
            return False
        self.refresh_from_db()
        self.versions.create(
            number=self.version, content=self.content, deleted=deleted, author=user
        )
        self.analysis.touched(self)
        return True


class ItemVersion(models.Model):
    """One saved state of an item: what it said, who saved it and when."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content: Any = models.JSONField(default=dict)
    deleted = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("item", "-number")
        constraints = (
            models.UniqueConstraint(fields=("item", "number"), name="item_version_unique"),
        )

    def __str__(self) -> str:
        return f"{self.item.key} v{self.number}"

    @property
    def author_name(self) -> str:
        return name_of(self.author)

    @property
    def summary(self) -> str:
        """The words that tell this version apart in a list of changes."""
        for key in ("text", "kommentar", "namn", "titel", "stereotyp", "pastaende"):
            if self.content.get(key):
                return str(self.content[key])
        return ""


# Defined in its own module (the export workflow) but part of this app's models.
from isu.web.analyses.export_models import ExportJob  # noqa: E402, F401
