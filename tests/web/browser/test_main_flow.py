"""The main flow in a real browser, as a unit would walk it: create a follow-up from the child
welfare template, register one record by hand, import a workbook with one error and see it
explained, fix it and import, then open the step-1 dashboard and see a chart.

Every main page is checked with axe-core and saved as a screenshot.
"""

import datetime
import io

import pytest
from django.conf import settings as django_settings
from tests.conftest import make_personnummer
from tests.web.browser.conftest import assert_accessible, follow, log_in, screenshot, shows
from tests.web.conftest import PASSWORD

from isu.demo import generate
from isu.web.accounts.models import Membership, Role
from isu.web.followups.models import FollowUp, Record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _checks_in_the_request(settings, tmp_path):
    """Run import checks synchronously and keep staged files in this test's directory."""
    settings.ISU_IMPORTS_SYNCHRONOUS = True
    settings.DATA_DIR = tmp_path


def demo_workbook(*, broken: bool) -> bytes:
    """40 demo children as typed into the Excel template; optionally one impossible answer."""
    records = generate(children=40, seed=4).records.copy()
    if broken:
        records.loc[records.index[2], "risk"] = "Mycket hög"  # not one of the categories
    buffer = io.BytesIO()
    records.to_excel(buffer, index=False)
    return buffer.getvalue()


def test_a_unit_walks_from_the_question_to_the_dashboard(page, personas, tmp_path):
    admin = personas.admin
    Membership.objects.filter(user=admin, unit=personas.unit_a).update(role=Role.ADMINISTRATOR)
    log_in(page, admin.username, PASSWORD)

    # 1. A follow-up from the child-welfare template.
    page.goto(page.base_url + "/uppfoljningar/ny/")
    assert_accessible(page)
    screenshot(page, "10-ny-uppfoljning")
    page.locator("input[type=radio][value=barn_och_unga]").check()
    follow(page.get_by_role("button", name="Nästa"))
    page.get_by_label("Namn på uppföljningen").fill("Insatser för barn 2026")
    page.get_by_label("Frågeställning").fill(
        "Får flickor och pojkar med samma behov samma insatser?"
    )
    assert_accessible(page)
    screenshot(page, "11-uppgifter")
    follow(page.get_by_role("button", name="Skapa uppföljningen"))
    followup = FollowUp.objects.get(title="Insatser för barn 2026")
    assert page.url.rstrip("/").endswith(f"/uppfoljningar/{followup.pk}")
    assert_accessible(page)
    screenshot(page, "12-uppfoljning")

    # 2. One record by hand: the personnummer becomes sex and age and is never shown again.
    number = make_personnummer(datetime.date(2014, 5, 17), serial=242)  # even: a girl
    follow(page.get_by_role("link", name="Registrera ett ärende"))
    page.locator("#id_tillfalle").select_option(label="Beslut efter utredning")
    page.locator("#id_personnummer").fill(number)
    page.locator("#id_datum").fill("2026-03-02")
    follow(page.get_by_role("button", name="Fortsätt"))
    page.wait_for_selector("text=11 år")  # the answer page, not the form still on screen
    assert "Flicka" in page.content() and "11 år" in page.content()
    assert number not in page.content() and number.replace("-", "") not in page.content()
    assert_accessible(page)
    screenshot(page, "13-registrera")
    page.get_by_label("Våld mot barn").check()
    page.locator("#id_risk").select_option(label="Förhöjd risk")
    page.locator("input[name=behov_av_stod][value=ja]").check()
    page.locator("input[name=beslut_insats][value=ja]").check()
    page.get_by_label("Öppenvårdsinsats").check()  # shown only once the decision is "ja"
    page.locator("input[name=samtal_genomfort][value=ja]").check()
    page.locator("#id_situation").select_option(label="Dålig")
    follow(page.get_by_role("button", name="Spara"))
    assert Record.objects.filter(followup=followup).count() == 1

    # 3. A workbook with one error: explained with row, column and message; nothing stored.
    page.goto(page.base_url + f"/uppfoljningar/{followup.pk}/import/")
    broken = tmp_path / "barn.xlsx"
    broken.write_bytes(demo_workbook(broken=True))
    page.locator("input[type=file]").set_input_files(str(broken))
    follow(page.get_by_role("button", name="Kontrollera filen"))
    page.wait_for_selector("text=Mycket hög")
    content = page.content()
    assert "risk" in content.lower() and "4" in content  # Excel row 4 (header + 2 rows before)
    assert_accessible(page)
    screenshot(page, "14-import-fel")
    assert Record.objects.filter(followup=followup).count() == 1

    # 4. The fixed workbook is stored, all at once.
    fixed = tmp_path / "barn-rattad.xlsx"
    fixed.write_bytes(demo_workbook(broken=False))
    page.goto(page.base_url + f"/uppfoljningar/{followup.pk}/import/")
    page.locator("input[type=file]").set_input_files(str(fixed))
    follow(page.get_by_role("button", name="Kontrollera filen"))
    follow(page.get_by_role("button", name="Spara"))
    stored = Record.objects.filter(followup=followup).count()
    assert stored > 40
    screenshot(page, "15-import-sparad")

    # 5. The dashboard: data quality first, a table with intervals and a chart.
    page.goto(page.base_url + f"/uppfoljningar/{followup.pk}/steg-1/")
    page.wait_for_selector(".vega-embed svg, .vega-embed canvas", timeout=30_000)
    shows(page, "Datakvalitet")
    shows(page, "95 % KI")
    assert_accessible(page)
    screenshot(page, "16-steg-1")

    # 6. The criteria verdicts, unfolding into their numbers.
    section = page.locator("#kriterier")
    assert section.locator(".verdict").count() > 0
    section.locator("details.criterion summary").first.click()
    assert section.locator("details.criterion[open] h4").first.is_visible()
    section.scroll_into_view_if_needed()
    assert_accessible(page)
    screenshot(page, "17-kriterier")
    assert tmp_path == django_settings.DATA_DIR
