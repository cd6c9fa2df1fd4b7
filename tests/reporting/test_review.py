"""Defects found in review: each test fails without its fix."""

from io import BytesIO
from unittest import mock

import pytest
from openpyxl import load_workbook

from accounts.models import User
from core.exceptions import Conflict
from reporting import services
from reporting.models import Report, ReportState
from tests.factories import MilestoneFactory, ReportFactory

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "Huasheng@2026!"


def _with_correction(enterprise, state, decided_by=None):
    v1 = ReportFactory(enterprise=enterprise, year=2018, month=3, confirmed=True, decided_by=decided_by)
    v2 = ReportFactory(
        enterprise=enterprise,
        year=2018,
        month=3,
        version=2,
        previous=v1,
        state=state,
        correction_reason="口径调整（草稿）",
    )
    return v1, v2


def test_the_town_does_not_see_a_draft_correction_in_the_versions(
    entry, enterprise, town_user, enterprise_user, client_for
):
    # given a confirmed report and the enterprise's draft correction of it
    v1, v2 = _with_correction(enterprise, ReportState.DRAFT, decided_by=town_user)
    # when the town opens the confirmed report, then the draft is not listed (it is the enterprise's own)
    page = client_for(town_user).get(f"/reporting/{v1.pk}/").content.decode()
    assert f"/reporting/{v2.pk}/" not in page
    # and the enterprise still sees both of its versions
    own = client_for(enterprise_user).get(f"/reporting/{v1.pk}/").content.decode()
    assert f"/reporting/{v2.pk}/" in own


def test_export_lists_the_version_in_force_once(entry, enterprise, office_user, client_for):
    # given a confirmed report and a submitted correction awaiting the town
    v1, v2 = _with_correction(enterprise, ReportState.SUBMITTED)
    # when the office exports the month
    response = client_for(office_user).get("/reporting/export/?year=2018&month=3")
    wb = load_workbook(BytesIO(response.content))
    rows = [list(r) for r in wb["月度报告"].iter_rows(values_only=True)][1:]
    # then the confirmed version (in force until the correction is confirmed) is its only row
    assert [(r[1], r[4]) for r in rows] == [(enterprise.name, 1)]
    assert list(Report.objects.filter(enterprise=enterprise).current()) == [v1]


def test_a_milestone_key_that_is_not_a_number_is_a_400_not_a_500(enterprise_user, entry, client_for):
    MilestoneFactory(plan__nomination=entry, title="设备联网")
    report = services.report_start(actor=enterprise_user, year=2018, month=3)
    response = client_for(enterprise_user).patch(
        f"/api/v1/reports/{report.pk}/",
        {"entries": {str(entry.pk): {"milestones": {"abc": "done"}}}},
        content_type="application/json",
    )
    assert response.status_code == 400 and "不属于该入库对象" in str(response.json())


def test_an_active_account_cannot_be_taken_over_through_an_invitation_link(town_user, enterprise):
    # given an invited account that was activated some other way (its invitation never used)
    user, token = services.enterprise_user_invite(
        actor=town_user, enterprise=enterprise, username="ent_new", full_name="王小明", phone="13800000000"
    )
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.refresh_from_db()
    # then neither the old link nor a re-issued one sets its password
    assert services.invitation_for(token) is None
    with pytest.raises(Conflict):
        services.enterprise_user_reinvite(actor=town_user, user=user)
    with pytest.raises(Conflict):
        services.invitation_accept(token=token, password=GOOD_PASSWORD)


def test_a_link_reissued_meanwhile_no_longer_sets_the_password(town_user, enterprise):
    # given the old link was looked up just before the town re-issued it (two requests at once)
    user, old = services.enterprise_user_invite(
        actor=town_user, enterprise=enterprise, username="ent_new", full_name="王小明", phone="13800000000"
    )
    stale = services.invitation_for(old)
    services.enterprise_user_reinvite(actor=town_user, user=user)
    # when the old link's request goes on, then it is refused under the lock
    with (
        mock.patch.object(services.enterprise_accounts, "invitation_for", return_value=stale),
        pytest.raises(Conflict),
    ):
        services.invitation_accept(token=old, password=GOOD_PASSWORD)
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
