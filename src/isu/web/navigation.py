"""The main navigation, built once per request for the base template.

Later apps add an entry by appending to :data:`MAIN_NAVIGATION`; an entry marked
``admin_only`` is shown only to users who administer an organisation.
"""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from isu.web.accounts.access import administered_organisations
from isu.web.region.access import analyst_organisations


@dataclass(frozen=True)
class NavEntry:
    label: Any
    url_name: str
    admin_only: bool = False
    analysts_only: bool = False  # analysts and administrators of some organisation


MAIN_NAVIGATION = [
    NavEntry(_("Start"), "start"),
    NavEntry(_("Uppföljningar"), "followups:list"),
    NavEntry(_("Regional jämförelse"), "region:list", analysts_only=True),
    NavEntry(_("Administration"), "accounts:administration", admin_only=True),
]


@dataclass(frozen=True)
class NavLink:
    label: Any
    url: str
    current: bool


def _links(request: HttpRequest) -> list[NavLink]:
    if not request.user.is_authenticated:
        return []
    is_admin = bool(administered_organisations(request.user))
    is_analyst = is_admin or bool(analyst_organisations(request.user))
    links = []
    for entry in MAIN_NAVIGATION:
        if (entry.admin_only and not is_admin) or (entry.analysts_only and not is_analyst):
            continue
        url = reverse(entry.url_name)
        current = request.path == url if url == "/" else request.path.startswith(url)
        links.append(NavLink(entry.label, url, current))
    return links


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``navigation``, a list of links evaluated only when rendered."""
    return {"navigation": SimpleLazyObject(lambda: _links(request))}
