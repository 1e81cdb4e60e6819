"""The regional comparison in a real browser: a regional analyst creates a comparison, uploads
the demo packages in one go and reads the comparison (funnel plots, pooled criteria); a
region shares the comparison with a municipality, whose analyst sees «Är det lika hos oss?». Pages are checked with axe-core and saved as
screenshots."""

import pytest
from tests.web.browser.conftest import assert_accessible, follow, log_in, screenshot, shows
from tests.web.conftest import PASSWORD

from isu.region.demo import shipped_demo_packages
from isu.web.region.models import Comparison

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_regional_analyst_uploads_packages_and_reads_the_comparison(
    page, region_personas, tmp_path
):
    log_in(page, region_personas["analyst"].username, PASSWORD)
    follow(page.get_by_role("link", name="Regional jämförelse"))
    assert_accessible(page)
    page.get_by_label("Namn på jämförelsen").fill("Beslut om insats 2025")
    follow(page.get_by_role("button", name="Skapa jämförelsen"))
    files = [str(p) for p in shipped_demo_packages()]
    page.get_by_label("Paketfiler (.zip)").set_input_files([*files, files[0]])
    follow(page.get_by_role("button", name="Ladda upp och kontrollera"))
    shows(page, "8 paket har sparats.")
    shows(page, "finns redan")  # the same file twice: the second is refused
    assert_accessible(page)
    screenshot(page, "50-regionpaket")

    follow(page.get_by_role("link", name="Visa jämförelsen"))
    assert page.locator("figure.funnel svg").count() == 2
    shows(page, "Omotiverade skillnader – kriterierna i regionen")
    shows(page, "Skillnader i behov")
    assert_accessible(page)
    screenshot(page, "51-regional-jamforelse")

    kolada = tmp_path / "kolada.csv"
    kolada.write_text("Område;Kön;År;Värde\nRiket;Kvinnor;2025;51,0\nRiket;Män;2025;..\n", "utf-8")
    page.get_by_label("Referensvärden (CSV)").set_input_files(str(kolada))
    follow(page.get_by_role("button", name="Lägg till referensvärden"))
    page.wait_for_selector("text=Referensvärdena har sparats.")
    shows(page, "Riket 2025, flickor: 51 %")
    assert_accessible(page)
    page.locator("#referens").scroll_into_view_if_needed()
    screenshot(page, "53-referensvarden")

    page.get_by_label("Är det lika hos oss? Jämför kommunen").select_option("Bengtsfors")
    follow(page.get_by_role("button", name="Visa jämförelsen"))
    shows(page, "Är det lika hos oss? Bengtsfors mot övriga regionen")


def test_the_region_shares_and_a_municipal_analyst_sees_is_it_the_same_with_us(
    page, personas, region_personas
):
    personas.organisation.name = "Demo kommun"
    personas.organisation.save()
    comparison = Comparison.objects.create(
        organisation=region_personas["organisation"], title="Regionen 2025"
    )
    files = [(p.name, p.read_bytes()) for p in shipped_demo_packages()]
    comparison.add_files(files, region_personas["analyst"])

    log_in(page, region_personas["analyst"].username, PASSWORD)
    page.goto(page.base_url + f"/regional-jamforelse/{comparison.pk}/paket/")
    page.get_by_label("Demo kommun").check()
    follow(page.get_by_role("button", name="Spara delningen"))
    shows(page, "Jämförelsen är delad med Demo kommun.")
    assert_accessible(page)
    page.locator("#dela").scroll_into_view_if_needed()
    screenshot(page, "54-dela-med-kommunerna")

    page.context.clear_cookies()
    log_in(page, personas.analyst.username, PASSWORD)
    page.goto(page.base_url + "/regional-jamforelse/")
    follow(page.get_by_role("link", name="Regionen 2025"))
    heading = page.get_by_role(
        "heading", name="Är det lika hos oss? Demo kommun mot övriga regionen"
    )
    assert heading.is_visible()
    shows(page, "Bland flickor i Demo kommun var andelen")
    shows(page, "Delad med er av Testregion.")
    assert_accessible(page)
    screenshot(page, "52-lika-hos-oss")
