"""Reference figures in the web comparison: uploaded for the indicator on screen, shown beside
the region's share, kept with the comparison, and refused with the library's Swedish message."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from isu.web.audit.models import AuditEvent

from .test_region_view import page

KOLADA = "Område;Kön;År;Värde\nRiket;Kvinnor;2025;51,0\nRiket;Män;2025;..\nRiket;Totalt;2025;-\n"
QUERY = {"tillfalle": "beslut", "variabel": "beslut_insats", "kategori": "ja"}


def add(client, comparison, content, name="kolada.csv", query=QUERY):
    url = reverse("region:reference_add", args=[comparison.pk])
    query_string = "&".join(f"{k}={v}" for k, v in query.items())
    upload = SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")
    return client.post(f"{url}?{query_string}", {"fil": upload}, follow=True)


def test_reference_figures_are_shown_beside_the_regions_share(filled, region_personas, login_as):
    client = login_as(region_personas["analyst"])
    response = add(client, filled, KOLADA)
    html = " ".join(response.content.decode().split())
    assert "Referensvärdena har sparats." in html
    assert "Riket 2025, flickor: 51 % mot regionens" in html
    assert "konfidensintervall" in html
    assert "Riket 2025, pojkar: .. (uppgift saknas eller är för osäker för att visas)" in html
    assert AuditEvent.objects.get(action="import", object_type="comparison").detail == {
        "referensvarden": "kolada.csv"
    }


def test_reference_figures_belong_to_the_indicator_they_were_given_for(
    filled,
    region_personas,
    login_as,
):
    client = login_as(region_personas["analyst"])
    add(client, filled, KOLADA)
    other = page(client, filled, tillfalle="beslut", variabel="beslut_insats", kategori="nej")
    assert "Riket 2025" not in other
    assert "Riket 2025" in page(client, filled, **QUERY)


def test_reference_figures_go_into_the_downloads(filled, region_personas, login_as):
    client = login_as(region_personas["analyst"])
    add(client, filled, KOLADA)
    url = reverse("region:export", args=[filled.pk, "region.json"])
    data = json.loads(client.get(url, QUERY).content)
    assert [row["omrade"] for row in data["referens"]][:1] == ["Riket"]


def test_a_faulty_reference_file_is_explained_and_nothing_is_stored(
    filled,
    region_personas,
    login_as,
):
    client = login_as(region_personas["analyst"])
    html = add(client, filled, "Område;Kön;Värde\nRiket;Okänt;50\n").content.decode()
    assert "kolada.csv, rad 2: okänt kön «Okänt» (skriv kvinnor, män eller totalt)." in html
    html = add(client, filled, "Område;Värde\nRiket;50\n").content.decode()
    assert "kolumnen «kön» saknas" in html
    html = add(client, filled, "x", name="kolada.xlsx").content.decode()
    assert "Välj en CSV-fil (.csv)." in html
    assert not filled.references.exists()


def test_reference_figures_can_be_removed_and_follow_the_access_rules(
    filled,
    region_personas,
    login_as,
    personas,
):
    client = login_as(region_personas["analyst"])
    add(client, filled, KOLADA)
    reference = filled.references.get()
    remove = reverse("region:reference_remove", args=[filled.pk, reference.pk])
    outsider = login_as(personas.analyst)  # an analyst of a municipality, not of the region
    assert add(outsider, filled, KOLADA).status_code == 404
    assert outsider.post(remove).status_code == 404
    assert filled.references.count() == 1
    assert client.post(remove).status_code == 302
    assert not filled.references.exists()
