"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Screenshots of every main page are saved under ``test-artifacts/screenshots`` so a person can
look at them after a run. The tests are skipped with a clear reason when Chromium is missing
(``.ci/run`` installs it).
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium per test module. Playwright's sync API keeps an event loop running in this
    thread, and Django's ORM refuses to run beside one unless told it is safe; the setting is
    removed again after the module, so it never reaches other tests of the same worker."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium saknas (/usr/bin/chromium); .ci/run installerar det.")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page) -> None:
    """axe-core on the current page: no serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in serious]


def shows(page, text: str) -> None:
    """The page, once it has loaded, shows ``text``. A click on a submit button returns as soon
    as the next page starts loading; reading ``page.content()`` at that moment may see an empty
    document, so assertions on the next page wait for it (Playwright's web-first assertion)."""
    from playwright.sync_api import expect

    expect(page.locator("body")).to_contain_text(text)


def follow(locator) -> None:
    """Click a link or submit button and wait until the page it leads to has loaded, so the
    test's next line (a database query, a look at the page) sees the result of the click."""
    with locator.page.expect_navigation():
        locator.click()


def log_in(page, username: str, password: str) -> None:
    """Log in and wait for the answer, so the test's next step does not cancel the log-in."""
    page.goto(page.base_url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    follow(page.get_by_role("button", name="Logga in"))
