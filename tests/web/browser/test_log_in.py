"""Logging in through a real browser, and the first pages a user sees."""

import pytest
from tests.web.browser.conftest import assert_accessible, log_in, screenshot, shows
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_user_logs_in_and_sees_their_units(page, personas):
    page.goto(page.base_url + "/")
    assert "Logga in" in page.title() or page.get_by_role("button", name="Logga in").is_visible()
    assert_accessible(page)
    screenshot(page, "01-logga-in")
    log_in(page, personas.analyst.username, PASSWORD)
    page.wait_for_url(page.base_url + "/")
    shows(page, personas.unit_a.name)
    assert_accessible(page)
    screenshot(page, "02-start")


def test_a_wrong_password_is_explained_in_swedish(page, personas):
    log_in(page, personas.analyst.username, "fel-lösenord")
    assert "användarnamn" in page.content().lower()
    assert page.url.startswith(page.base_url + "/konto/logga-in/")
