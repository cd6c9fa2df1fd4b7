"""The English mode, in headless Chromium at 1366×768 on the demo data: each role chooses English from
the language menu, and on its home page and the pages of its menu the navigation, headings and table
headers hold no Chinese except data (names of enterprises, towns, pools, funds, documents), and nothing
overflows the window sideways. Screenshots go to tests/browser/screenshots/english/ (gitignored)."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from playwright.sync_api import expect

from tests.browser.support import DEMO_PASSWORD as PASSWORD
from tests.browser.support import ROLES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).parent / "screenshots" / "english"
OUR_APPS = (
    "accounts",
    "programs",
    "enterprises",
    "pools",
    "credit",
    "reporting",
    "funds",
    "docking",
    "assessment",
)
# Django's admin keeps Django's own layout and translations.
NOT_YET = ("/admin/",)
CJK = re.compile(r"[\u3400-\u9fff]")
CHROME = """() => {
  const texts = [];
  const pick = 'aside.sidebar .nav-link, nav.navbar .navbar-brand, main h1, main h2, '
    + 'main h3, main .card-header, main table thead th, main .breadcrumb, main label, main button';
  for (const e of document.querySelectorAll(pick)) {
    const t = (e.innerText || e.textContent || '').trim();
    if (t) texts.push(t);
  }
  return {texts, overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


def data_strings() -> list[str]:
    """Every short text the demo stored (names, titles, document numbers), longest first: these are
    data and stay as written in any language."""
    found = set()
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField) and not f.choices and (f.max_length or 0) <= 300
        ]
        for row in model.objects.values_list(*fields)[:5000] if fields else ():
            found.update(v.strip() for v in row if isinstance(v, str) and CJK.search(v))
    return sorted(found, key=len, reverse=True)


def test_every_roles_pages_in_english_have_no_chinese_chrome_and_fit_1366(
    live_server, user_pages, demo_accounts
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    data = data_strings()
    chinese, overflowing, opened = {}, {}, 0
    for role in ROLES:
        # given the demo's account of the role, signed in through the real form
        page = user_pages(role)
        page.set_viewport_size({"width": 1366, "height": 768})
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("账号").fill(demo_accounts[role])
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page).to_have_url(re.compile(r"/home/"))
        # when it chooses English from the language menu (the menu names each language in itself)
        menu = page.locator("select[name=language]")
        assert menu.locator("option").all_inner_texts() == ["简体中文", "English"]
        menu.select_option("en")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        home = page.url
        links = page.locator("aside.sidebar a.nav-link").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        pages = [home] + [f"{live_server.url}{h}" for h in dict.fromkeys(links) if not h.startswith(NOT_YET)]
        for i, url in enumerate(dict.fromkeys(pages)):
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            opened += 1
            found = page.evaluate(CHROME)
            page.screenshot(path=str(SHOTS / f"{role}-{i:02d}.png"))
            # then no Chinese is left once the data is taken out
            for text in found["texts"]:
                rest = text
                for value in data:
                    if value in rest:
                        rest = rest.replace(value, "")
                if CJK.search(rest):
                    chinese.setdefault(url.removeprefix(live_server.url), []).append(text[:80])
            # and nothing runs past the right edge of a 1366 px window
            if found["overflow"] > 0:
                overflowing[url.removeprefix(live_server.url)] = found["overflow"]
    assert chinese == {}, chinese
    assert overflowing == {}
    assert opened >= 50
