"""Regression tests for defects found in review: lock order of appeal decisions, and the blacklist
gate telling a town about an enterprise it may not nominate."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from credit import services
from credit.gates import support_block_reason
from pools.models import Nomination
from tests.credit.test_gates import backbone, blacklist_by_rating, nominate  # noqa: F401 (fixture)
from tests.factories import CreditRecordFactory

pytestmark = pytest.mark.django_db


def test_deciding_an_appeal_locks_the_record_before_the_appeal(enterprise_user, tax_user, enterprise):
    # given a disputed tax record
    record = CreditRecordFactory(
        enterprise=enterprise, kind_code="tax", source_department=tax_user.department
    )
    appeal = services.appeal_create(actor=enterprise_user, record=record, explanation="已缴清")
    # when the source department decides
    with CaptureQueriesContext(connection) as captured:
        services.appeal_decide(actor=tax_user, appeal=appeal, decision="upheld", note="证据不足")
    # then the record row is locked first, as record_withdraw and appeal_create do (no deadlock between them)
    locks = [q["sql"] for q in captured.captured_queries if "FOR UPDATE" in q["sql"]]
    assert 'FROM "credit_creditrecord"' in locks[0]
    assert any('FROM "credit_appeal"' in sql for sql in locks[1:])


def test_the_gate_does_not_tell_a_town_about_another_towns_enterprise(town_user, backbone, other_enterprise):  # noqa: F811
    # given another town's enterprise on the blacklist
    blacklist_by_rating(other_enterprise)
    reason = support_block_reason(other_enterprise)
    assert reason
    # when a town tries to nominate it
    with pytest.raises(ValidationError) as exc:
        nominate(town_user, backbone, other_enterprise)
    # then it is refused as not its own, without the other town's credit standing
    assert reason not in exc.value.messages
    assert not any(other_enterprise.name in m or "黑名单" in m for m in exc.value.messages)
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("action", ["withdraw", "appeal"])
def test_api_actions_refuse_before_reading_the_body(client_for, owner_user, enterprise, action):
    # given a court record that 区金融办 may read but neither withdraw (the court's) nor appeal (the enterprise's)
    record = CreditRecordFactory(enterprise=enterprise, kind_code="court", severity="minor")
    # when 区金融办 posts an empty body
    response = client_for(owner_user).post(
        f"/api/v1/credit/records/{record.pk}/{action}/", {}, content_type="application/json"
    )
    # then it is refused for who it is (403 with the reason), not for the body (400)
    assert response.status_code == 403
    assert response.json()["detail"]
