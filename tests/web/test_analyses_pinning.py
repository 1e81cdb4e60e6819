"""«Fäst i analysen»: from the step-1 dashboard to an analysis, and the pin's current figures."""

import re
from html import unescape
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.urls import reverse

from isu.report.document import criteria_key, observation_key
from isu.web.analyses.models import Analysis, Item, Kind
from isu.web.followups import analysis_cache


@pytest.fixture
def result(demo_followup):
    return analysis_cache.result_for(demo_followup)


def pin_url(followup, kind, ref):
    return reverse("analyses:pin", args=[followup.pk]) + "?" + urlencode({"typ": kind, "ref": ref})


def pin_links(page):
    return [unescape(u) for u in re.findall(r'href="([^"]*/analyser/fast/[^"]*)"', page)]


def test_the_dashboard_offers_to_pin_the_table_observations_and_criteria(
    personas, login_as, demo_followup, result
):
    page = login_as(personas.analyst).get(reverse("followups:dashboard", args=[demo_followup.pk]))
    queries = [parse_qs(urlparse(u).query) for u in pin_links(page.content.decode())]
    kinds = {q["typ"][0] for q in queries}
    assert kinds == {"tabell", "iakttagelse", "kriterier"}
    refs = {q["ref"][0] for q in queries}
    assert {observation_key(o) for o in result.observations} <= refs
    assert {criteria_key(a) for a in result.criteria} <= refs


def test_pinning_an_observation_to_a_new_analysis(personas, login_as, demo_followup, result):
    observation = result.observations[0]
    url = pin_url(demo_followup, "iakttagelse", observation_key(observation))
    client = login_as(personas.analyst)
    page = unescape(client.get(url).content.decode())
    assert observation.text in page and "En ny analys" in page
    response = client.post(
        url,
        {
            "typ": "iakttagelse",
            "ref": observation_key(observation),
            "analys": "ny",
            "titel": "Analys 2026",
            "kommentar": "Stor skillnad.",
        },
    )
    analysis = Analysis.objects.get(followup=demo_followup)
    assert response["Location"].startswith(
        reverse("analyses:workspace", args=[demo_followup.pk, analysis.pk])
    )
    item = Item.objects.get(analysis=analysis, kind=Kind.PIN)
    assert item.content == {
        "typ": "iakttagelse",
        "ref": observation_key(observation),
        "kommentar": "Stor skillnad.",
    }
    # Step 1 of the analysis shows the observation's current text and the comment.
    step1 = unescape(client.get(response["Location"]).content.decode())
    assert observation.text in step1 and "Stor skillnad." in step1
    assert "Visa tabellen i steg 1" in step1


def test_pinning_to_one_of_several_analyses_and_never_twice(
    personas, login_as, demo_followup, result
):
    first = Analysis.start(demo_followup, personas.analyst, {"titel": "Analys 2025"})
    second = Analysis.start(demo_followup, personas.analyst, {"titel": "Analys 2026"})
    criteria = result.criteria[0]
    ref = criteria_key(criteria)
    client = login_as(personas.admin)
    page = unescape(client.get(pin_url(demo_followup, "kriterier", ref)).content.decode())
    assert "Analys 2025" in page and "Analys 2026" in page and criteria.verdict.label in page
    data = {"typ": "kriterier", "ref": ref, "analys": str(second.pk)}
    assert client.post(pin_url(demo_followup, "kriterier", ref), data).status_code == 302
    again = client.post(pin_url(demo_followup, "kriterier", ref), data, follow=True)
    assert "redan fäst" in unescape(again.content.decode())
    assert second.items.filter(kind=Kind.PIN).count() == 1
    assert not first.items.filter(kind=Kind.PIN).exists()
    step1 = unescape(
        client.get(
            reverse("analyses:workspace", args=[demo_followup.pk, second.pk])
        ).content.decode()
    )
    assert criteria.verdict.label in step1


def test_pinning_a_table_shows_its_title(personas, login_as, demo_followup, result):
    table = result.tables[0]
    analysis = Analysis.start(demo_followup, personas.analyst, {"titel": "A"})
    client = login_as(personas.analyst)
    data = {"typ": "tabell", "ref": table.id, "analys": str(analysis.pk)}
    client.post(pin_url(demo_followup, "tabell", table.id), data)
    step1 = unescape(
        client.get(
            reverse("analyses:workspace", args=[demo_followup.pk, analysis.pk])
        ).content.decode()
    )
    assert table.title in step1


def test_a_new_analysis_needs_a_title_when_pinning(personas, login_as, demo_followup, result):
    ref = result.tables[0].id
    response = login_as(personas.analyst).post(
        pin_url(demo_followup, "tabell", ref),
        {"typ": "tabell", "ref": ref, "analys": "ny", "titel": " "},
    )
    assert response.status_code == 200
    assert "Skriv en titel på den nya analysen." in unescape(response.content.decode())
    assert not Analysis.objects.exists()


def test_unknown_things_cannot_be_pinned(personas, login_as, demo_followup):
    client = login_as(personas.analyst)
    assert client.get(pin_url(demo_followup, "tabell", "finns/inte")).status_code == 404
    assert client.get(pin_url(demo_followup, "okand", "x")).status_code == 404


def test_pinning_follows_the_dashboards_access_rules(personas, login_as, demo_followup, result):
    url = pin_url(demo_followup, "tabell", result.tables[0].id)
    assert login_as(personas.registrar).get(url).status_code == 403
    assert login_as(personas.outsider).get(url).status_code == 404


def test_a_pin_whose_reference_is_gone_stays_with_a_note(personas, login_as, demo_followup, result):
    analysis = Analysis.start(demo_followup, personas.analyst, {"titel": "A"})
    analysis.add(Kind.PIN, {"typ": "tabell", "ref": "borta/tabell", "kommentar": "Kvar"}, None)
    step1 = unescape(
        login_as(personas.analyst)
        .get(reverse("analyses:workspace", args=[demo_followup.pk, analysis.pk]))
        .content.decode()
    )
    assert "Finns inte längre i resultatet" in step1 and "Kvar" in step1
