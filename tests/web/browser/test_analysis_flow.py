"""From the step-1 dashboard to a complete analysis in a real browser: pin an observation, write
a reflection linked to it, a conclusion, an action, see the effort × effect matrix and download
a report. The workspace pages are checked with axe-core and saved as screenshots."""

import pytest
from tests.web.browser.conftest import assert_accessible, follow, log_in, screenshot, shows
from tests.web.conftest import PASSWORD

from isu.web.analyses.models import Analysis, Item, Kind
from isu.web.followups import analysis_cache

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _reports_in_the_request(settings):
    settings.ISU_IMPORTS_SYNCHRONOUS = True


def test_a_team_goes_from_the_dashboard_to_a_downloaded_report(page, personas, demo_followup):
    observation = analysis_cache.result_for(demo_followup).observations[0]
    log_in(page, personas.analyst.username, PASSWORD)

    # 1. Pin the first observation from the dashboard to a new analysis.
    page.goto(page.base_url + f"/uppfoljningar/{demo_followup.pk}/steg-1/")
    follow(page.locator("#iakttagelser").get_by_role("link", name="Fäst i analysen").first)
    shows(page, "En ny analys")
    assert_accessible(page)
    screenshot(page, "30-fast-i-analysen")
    page.get_by_label("Kommentar").fill("Skillnaden i beviljade insatser vill vi förstå.")
    follow(page.get_by_role("button", name="Fäst i analysen"))
    analysis = Analysis.objects.get(followup=demo_followup)
    shows(page, observation.text)
    shows(page, "Datakvalitet")
    assert_accessible(page)
    screenshot(page, "31-analys-steg-1")

    # 2. A reflection from the organisation's point of view, linked to the pin.
    follow(page.get_by_role("link", name="2. Vi reflekterar"))
    follow(page.get_by_role("link", name="Skriv en reflektion (2.2 Verksamhet och profession)"))
    page.get_by_label("Reflektion", exact=True).fill(
        "Vi saknar en rutin för att erbjuda samtal till pojkar vars vårdnadshavare tvekar."
    )
    page.locator("input[name=iakttagelser]").first.check()
    assert_accessible(page)
    screenshot(page, "32-ny-reflektion")
    follow(page.get_by_role("button", name="Spara"))
    shows(page, "Vi saknar en rutin")
    assert_accessible(page)
    screenshot(page, "33-analys-steg-2")

    # 2b. Two people edit the same reflection: the later save sees both texts, keeps its own.
    follow(page.locator("article.item").get_by_role("link", name="Ändra"))
    item = Item.objects.get(analysis=analysis, kind=Kind.REFLECTION)
    item.change(personas.admin, 1, {**item.content, "text": "Adams version av reflektionen."})
    page.get_by_label("Reflektion", exact=True).fill("Annas version av reflektionen.")
    follow(page.get_by_role("button", name="Spara"))
    shows(page, "Någon annan har sparat under tiden")
    shows(page, "Adams version av reflektionen.")
    assert (
        page.get_by_label("Reflektion", exact=True).input_value()
        == "Annas version av reflektionen."
    )
    assert_accessible(page)
    screenshot(page, "33b-konflikt")
    follow(page.get_by_role("button", name="Spara min version"))
    shows(page, "Annas version av reflektionen.")

    # 3. A conclusion: first without saying what we need to know, which is refused.
    follow(page.get_by_role("link", name="3. Kan vi dra slutsatser?"))
    follow(page.get_by_role("link", name="Skriv en slutsats"))
    page.get_by_label("Kan inte dra slutsats ännu – detta behöver vi veta").check()
    page.get_by_label("Slutsats eller hypotes").fill("Skillnaden kan bero på samtycket.")
    page.locator("input[name=iakttagelser]").first.check()
    page.locator("input[name=reflektioner]").first.check()
    follow(page.get_by_role("button", name="Spara"))
    shows(page, "Skriv vad ni behöver veta")
    assert_accessible(page)
    screenshot(page, "34-slutsats-fel")
    page.get_by_label("Detta behöver vi veta", exact=True).fill("Varför vårdnadshavare avböjer.")
    follow(page.get_by_role("button", name="Spara"))
    shows(page, "Varför vårdnadshavare avböjer.")
    assert_accessible(page)
    screenshot(page, "35-analys-steg-3")

    # 4. An action answering the conclusion; it lands in the easy × large cell of the matrix.
    follow(page.get_by_role("link", name="4. Hur kan vi göra annorlunda?"))
    follow(page.get_by_role("link", name="Föreslå en åtgärd"))
    page.get_by_label("Åtgärd", exact=True).fill("Motiverande samtal med vårdnadshavare.")
    page.locator("input[name=svarar_mot]").first.check()
    page.get_by_label("Lätt att genomföra").check()
    page.get_by_label("Stor effekt").check()
    page.get_by_label("Inom verksamheten").check()
    page.get_by_label("Ansvarig").fill("Enhetschefen")
    follow(page.get_by_role("button", name="Spara"))
    best = page.locator("td.matrix--best")
    assert "Motiverande samtal med vårdnadshavare." in best.inner_text()
    assert_accessible(page)
    screenshot(page, "36-analys-steg-4")
    assert Item.objects.filter(analysis=analysis, kind=Kind.ACTION, deleted=False).count() == 1

    # 4b. The start page lists the action to follow up, linked to step 4.
    page.goto(page.base_url + "/")
    shows(page, "Åtgärder att följa upp")
    assert page.locator("table.actions").get_by_role("link").inner_text() == (
        "Motiverande samtal med vårdnadshavare."
    )
    assert_accessible(page)
    screenshot(page, "38-start-med-atgarder")
    page.go_back()

    # 5. The report: built, then downloaded.
    follow(page.get_by_role("link", name="Rapport och historik"))
    follow(page.get_by_role("button", name="Skapa Rapport (PDF)"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert_accessible(page)
    screenshot(page, "37-rapport")


def test_the_demo_analysis_reads_well_in_every_step(page, personas, step1_cache):
    from isu.web.analyses.demo import create_demo_analysis
    from isu.web.followups.demo import create_demo_followup

    followup = create_demo_followup(personas.unit_a, personas.admin)  # as isu serve --demo
    analysis = create_demo_analysis(followup, personas.analyst)
    log_in(page, personas.admin.username, PASSWORD)
    base = page.base_url + f"/uppfoljningar/{followup.pk}/analyser/{analysis.pk}/"
    for step, name in ((1, "steg-1"), (2, "steg-2"), (3, "steg-3"), (4, "steg-4")):
        page.goto(base if step == 1 else base + f"steg-{step}/")
        assert "Finns inte längre i resultatet" not in page.content()
        assert_accessible(page)
        screenshot(page, f"40-demoanalys-{name}")
    page.goto(base + "rapport/")
    assert_accessible(page)
