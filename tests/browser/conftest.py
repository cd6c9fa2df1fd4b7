"""Browser tests: pytest-playwright's `page` against pytest-django's `live_server`.

The sync Playwright API keeps an asyncio loop running in the test thread, so Django's ORM (used to set
up data and check results) would refuse to run there without DJANGO_ALLOW_ASYNC_UNSAFE. The loop is
session-wide, so the variable is set for the whole process once this directory is collected.

`live_server` tests are transactional: Django flushes every table after each one, including the
GB/T 4754 industries that the data migration loaded; tests/conftest.py puts them back before the next
database test.
"""

import os

import pytest
from playwright.sync_api import Page

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def industry(transactional_db):
    """非金属矿物制品业, from the GB/T 4754 rows tests/conftest.py keeps loaded."""
    from programs.models import Industry

    return Industry.objects.get(code="30")


@pytest.fixture
def user_pages(request, browser, browser_context_args):
    """open_page(label) → a page in a fresh browser context (own cookies); screenshots of all on failure."""
    contexts = []

    def open_page(label: str) -> Page:
        context = browser.new_context(**browser_context_args)
        contexts.append((label, context))
        return context.new_page()

    yield open_page
    report = getattr(request.node, "rep_call", None)
    for label, context in contexts:
        if report is not None and report.failed:
            os.makedirs("test-artifacts", exist_ok=True)
            for i, p in enumerate(context.pages):
                p.screenshot(path=f"test-artifacts/{request.node.name}-{label}-{i}.png", full_page=True)
        context.close()


@pytest.fixture
def demo_accounts(transactional_db):
    """The demo data set at a small scale; role → the username of its first demo account."""
    from portal.demo import seed_demo

    from .support import DEMO_PASSWORD

    accounts, _created = seed_demo(scale=0.02, password=DEMO_PASSWORD)
    by_role: dict[str, str] = {}
    for account in accounts:
        by_role.setdefault(str(account.role), account.username)
    return by_role
