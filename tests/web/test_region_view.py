"""The comparison page and its downloads: figures, funnel plots, pooled gap, criteria,
«Är det lika hos oss?», and no hidden cell revealed."""

import json

from django.urls import reverse

from isu.web.accounts.models import Organisation
from isu.web.audit.models import AuditEvent
from isu.web.region.models import Comparison


def page(client, comparison, **query):
    response = client.get(reverse("region:comparison", args=[comparison.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_regional_user_sees_the_overview_funnels_gap_and_criteria(
    filled, region_personas, login_as
):
    html = page(login_as(region_personas["analyst"]), filled)
    assert "Andel per kommun och kön" in html
    assert html.count("<svg") == 2  # a funnel plot per sex, drawn on the server
    assert "<script" not in html and "style=" not in html.split("<svg")[0]
    assert "diagrammets punkter i text" in html
    assert "Mantel–Haenszel" in html and "Breslow–Day" in html
    assert "Omotiverade skillnader – kriterierna i regionen" in html
    assert "Skillnader i behov" in html
    assert "Är det lika hos oss? Demo kommun" not in html  # a region lands on the overview


def test_the_picker_chooses_variable_and_category_and_falls_back_with_a_notice(
    filled, region_personas, login_as
):
    client = login_as(region_personas["analyst"])
    html = page(client, filled, tillfalle="beslut", variabel="risk", kategori="hog")
    assert "«Risk" in html or "risk" in html.lower()
    html = page(client, filled, variabel="finns_inte")
    assert "Det valda finns inte i paketen" in html


def test_a_municipal_user_sees_is_it_the_same_with_us_for_their_own_municipality(
    package_files, personas, login_as
):
    personas.organisation.name = "Demo kommun"
    personas.organisation.save()
    comparison = Comparison.objects.create(organisation=personas.organisation, title="Delad")
    comparison.add_files(list(package_files.items()), personas.analyst)
    html = page(login_as(personas.analyst), comparison)
    assert "Är det lika hos oss? Demo kommun mot övriga regionen" in html
    assert "Bland flickor i Demo kommun var andelen" in html
    assert "i övriga regionen (7 kommuner)" in html


def test_any_municipality_can_be_chosen_for_is_it_the_same_with_us(
    filled, region_personas, login_as
):
    html = page(login_as(region_personas["analyst"]), filled, kommun="Essunga")
    assert "Är det lika hos oss? Essunga mot övriga regionen" in html


def test_a_hidden_cell_stays_hidden_on_the_page_and_in_every_download(
    filled, region_personas, login_as
):
    # Ale hides how many girls and boys were judged «Nej» on need for support (too few).
    query = {"tillfalle": "beslut", "variabel": "behov_av_stod", "kategori": "nej"}
    client = login_as(region_personas["analyst"])
    html = page(client, filled, **query)
    row = html.split('<th scope="row">Ale</th>')[1].split("</tr>")[0]
    assert row.count(">..<") == 7  # both sexes' share, interval and n, and the gap
    assert "Ale (dolda värden)" in html
    data = json.loads(
        client.get(reverse("region:export", args=[filled.pk, "region.json"]), query).content
    )
    ale = next(m for m in data["jamforelse"]["kommuner"] if m["kommun"] == "Ale")
    assert ale["andelar"] == [None, None] and ale["skillnad"] is None
    region = data["jamforelse"]["regionen"]
    assert all("Ale" not in figure["kommuner"] for figure in region)
    assert all(figure["utanfor"] for figure in region)
    for name in ("region.html", "region.xlsx"):
        response = client.get(reverse("region:export", args=[filled.pk, name]), query)
        assert response.status_code == 200


def test_downloads_are_logged_as_exports(filled, region_personas, login_as):
    client = login_as(region_personas["analyst"])
    response = client.get(reverse("region:export", args=[filled.pk, "region.xlsx"]))
    assert response["Content-Disposition"] == 'attachment; filename="region.xlsx"'
    event = AuditEvent.objects.get(action="export", object_type="comparison")
    assert event.detail["format"] == "xlsx"
    assert client.get(reverse("region:export", args=[filled.pk, "annat.txt"])).status_code == 404


def test_an_empty_comparison_opens_on_its_upload_page(region_personas, login_as):
    comparison = Comparison.objects.create(
        organisation=region_personas["organisation"], title="Tom"
    )
    response = login_as(region_personas["analyst"]).get(
        reverse("region:comparison", args=[comparison.pk])
    )
    assert response.url == reverse("region:packages", args=[comparison.pk])


def test_no_pseudonym_or_personnummer_shape_appears_on_the_page(filled, region_personas, login_as):
    import re

    html = page(login_as(region_personas["analyst"]), filled)
    text = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)  # drawing coordinates are long numbers
    assert not re.search(r"\b\d{6,8}[-+]?\d{4}\b", text)
    assert Organisation.objects.filter(kind="region").count() == 1


def test_the_chosen_municipality_is_ringed_and_named_in_the_funnel_plots(
    filled, region_personas, login_as
):
    client = login_as(region_personas["analyst"])
    overview = page(client, filled)
    assert ">Essunga</text>" not in overview and "Ringen visar" not in overview
    chosen = page(client, filled, kommun="Essunga")
    assert chosen.count(">Essunga</text>") == 2  # in both funnel plots, by the ring
    assert "Ringen visar Essunga." in chosen
