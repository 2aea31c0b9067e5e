"""Real browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium), headless.

Without Chromium they skip with the reason, except under CI=true where they are mandatory.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("SYNERGIES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium est introuvable ({CHROMIUM}) : les tests navigateur sont obligatoires en CI.")
        pytest.skip(f"Chromium est introuvable ({CHROMIUM}) : installez le paquet Debian « chromium ».")
    # Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _new_page(browser):
    """A page in a fresh context (French, desktop size, downloads allowed) that records console errors."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    return context, page


@pytest.fixture
def page(browser):
    context, page = _new_page(browser)
    yield page
    context.close()


@pytest.fixture
def page_for(browser, live_server):
    """A logged-in page per person, each in its own browser context, all closed after the test
    (an open context keeps connections to the live server open)."""
    from django.urls import reverse

    from tests.browser.test_foundation import log_in

    contexts = []

    def make(email):
        context, page = _new_page(browser)
        contexts.append(context)
        log_in(page, live_server, email)
        page.wait_for_url(live_server.url + reverse("site:dashboard"))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def demo(transactional_db):
    """The demo territory, accounts included (the browser tests log in as its people)."""
    from synergies.site.demo import demo_load

    return demo_load()
