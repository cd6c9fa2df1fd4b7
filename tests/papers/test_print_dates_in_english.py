"""Print pages in the English UI: dates are written the English way (1 Dec 2026, or 2026-12-01 in a
table), never 2026年12月1日; in Chinese the paper keeps 2026年12月1日."""

import re

import pytest
from django.conf import settings
from django.utils import timezone, translation

from core.dates import long_date
from tests.pools.support import YEAR, approved, submitted

pytestmark = pytest.mark.django_db

CHINESE_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
ENGLISH_DATE = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def paper_of(response) -> str:
    assert response.status_code == 200
    return re.search(
        r'<article class="paper[^"]*"[^>]*>(.*?)</article>', response.content.decode(), re.S
    ).group(1)


def test_the_nomination_form_in_english_dates_the_submission_in_english(
    client_for, backbone, open_window, town_user, enterprise
):
    nomination = submitted(town_user, backbone, enterprise)
    client = client_for(town_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    paper = paper_of(client.get(f"/pools/nominations/{nomination.pk}/print/"))
    assert not CHINESE_DATE.search(paper)
    day = timezone.localtime(nomination.submitted_at)
    assert f"{day.day} {day:%b} {day.year}" in paper and ENGLISH_DATE.search(paper)
    assert "pool nomination form" in paper  # the title is English too

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = paper_of(client.get(f"/pools/nominations/{nomination.pk}/print/"))
    assert f"{day.year}年{day.month}月{day.day}日" in chinese


def test_the_pool_list_in_english_has_iso_dates_and_english_units(
    client_for, backbone, open_window, town_user, department_user, enterprise
):
    approved(town_user, department_user, backbone, enterprise)
    client = client_for(department_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    paper = paper_of(client.get(f"/pools/{YEAR}/backbone/print/"))
    assert not CHINESE_DATE.search(paper) and ISO_DATE.search(paper)
    assert "(10k yuan)" in paper and "（万元）" not in paper


def test_the_invitation_notice_in_english_is_dated_in_english(client_for, town_user, enterprise):
    client = client_for(town_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        "/reporting/accounts/",
        {"enterprise": enterprise.pk, "username": "ent_en", "full_name": "李雷", "phone": "13900000000"},
    )
    notice = re.search(
        r'data-testid="invitation-notice">(.*?)</article>', response.content.decode(), re.S
    ).group(1)
    with translation.override("en"):
        today = long_date(timezone.localdate())
    assert not CHINESE_DATE.search(notice)
    assert today in notice and ENGLISH_DATE.match(today)
