"""On-screen tables, read as HTML: a money column names its unit in the header and every cell of it
is a number with two decimals (or "—"); no cell carries 万元 or 亿元 beside a number, so no column
shows 1.21 亿元 in one row and 824.24 万元 in the next. Checked on every page of each role's menu and
the funds' books, over the demo data, in Chinese and in English."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

from accounts.models import User
from funds.models import SubFund
from portal.demo import seed_demo

pytestmark = pytest.mark.django_db

PASSWORD = "Demo@Luozhuang2017"
# The header's unit, in either language: （万元） / (10k yuan), （亿元） / (100m yuan), （元） / (yuan).
HEADER_UNIT = re.compile(r"(（(万元|亿元|元)）|\((10k yuan|100m yuan|yuan)\))\s*$")
AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")
UNIT_IN_CELL = re.compile(r"\d\s*(万元|亿元|10k yuan|100m yuan)")
PERCENT = re.compile(r"\d%")
ONE_DECIMAL_PERCENT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d%$")


class Tables(HTMLParser):
    """Every <table> of a page as (header texts, rows of cell texts and classes)."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._stack: list[dict] = []
        self._cell: list[str] | None = None
        self._cell_class = ""
        self._in_head = False
        self._row: list[tuple[str, str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._stack.append({"headers": [], "rows": []})
        elif not self._stack:
            return
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell, self._cell_class = [], attrs.get("class") or ""

    def handle_endtag(self, tag):
        if not self._stack:
            return
        table = self._stack[-1]
        if tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            if self._in_head:
                table["headers"].append(text)
            elif self._row is not None:
                self._row.append((text, self._cell_class))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if not self._in_head and self._row:
                table["rows"].append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table":
            self.tables.append(self._stack.pop())

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def problems_of(url: str, html: str, checked: list | None = None) -> list[str]:
    """What breaks the rules on the page; each money cell read is appended to `checked`."""
    parser = Tables()
    parser.feed(html)
    found = []
    for table in parser.tables:
        money_columns = [i for i, h in enumerate(table["headers"]) if HEADER_UNIT.search(h)]
        for row in table["rows"]:
            for text, _classes in row:
                if UNIT_IN_CELL.search(text):
                    found.append(f"{url}: a cell carries its unit: {text!r}")
                if PERCENT.search(text) and len(text) < 12 and not ONE_DECIMAL_PERCENT.match(text):
                    found.append(f"{url}: a percentage without one decimal: {text!r}")
            if len(row) != len(table["headers"]):
                continue  # a total or an empty-list row spanning columns
            for i in money_columns:
                text = row[i][0]
                if checked is not None:
                    checked.append(text)
                if text not in ("", "—") and not AMOUNT.match(text):
                    found.append(f"{url}: {table['headers'][i]!r} holds {text!r}")
    return found


@pytest.fixture
def demo(db):
    seed_demo(scale=0.02, password=PASSWORD)


def menu_pages(client) -> list[str]:
    home = client.get("/", follow=True).content.decode()
    links = re.findall(r'<aside class="[^"]*sidebar[^"]*">(.*?)</aside>', home, re.S)
    return list(dict.fromkeys(re.findall(r'href="(/[^"]*)"', links[0] if links else "")))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_money_columns_hold_one_unit_and_fixed_decimals(client, demo, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    accounts = ["office", "fund_manager_1", "bank_abc_luozhuang", "town_luozhuang", "enterprise_1"]
    books = [
        f"/funds/{code}/{page}/"
        for code in SubFund.objects.values_list("code", flat=True)
        for page in ("ledger", "trial-balance")
    ]
    seen, problems, checked = set(), [], []
    for username in accounts:
        client.force_login(User.objects.get(username=username))
        pages = menu_pages(client) + (books if username == "fund_manager_1" else [])
        assert len(pages) >= 3, username
        for url in pages:
            if url.startswith("/admin/") or (username, url) in seen:
                continue
            seen.add((username, url))
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            problems += problems_of(url, response.content.decode(), checked)
    assert problems == [], "\n".join(problems)
    assert len(seen) >= 40  # the check read the pages of every role's menu
    assert ("office", "/cockpit/") in seen  # the leadership cockpit too
    assert len([t for t in checked if AMOUNT.match(t)]) >= 100  # and the money columns on them


def test_the_check_catches_a_mixed_column_and_loose_decimals():
    html = (
        "<table><thead><tr><th>企业</th><th>总投资（万元）</th><th>比例</th></tr></thead><tbody>"
        "<tr><td>甲</td><td>1.21 亿元</td><td>12.34%</td></tr>"
        "<tr><td>乙</td><td>824.2</td><td>5.0%</td></tr>"
        "<tr><td>丙</td><td>1,824.20</td><td>—</td></tr></tbody></table>"
    )
    assert problems_of("/x/", html) == [
        "/x/: a cell carries its unit: '1.21 亿元'",
        "/x/: a percentage without one decimal: '12.34%'",
        "/x/: '总投资（万元）' holds '1.21 亿元'",
        "/x/: '总投资（万元）' holds '824.2'",
    ]
