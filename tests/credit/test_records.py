"""Recording credit information: each source department writes only its own kinds, records are
validated, audited and re-rate the enterprise at once; the source withdraws its own records; and
records whose effect has ended stop counting (信用修复), also without anyone touching them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditLog, Notification
from credit import services
from credit.models import CreditRecord, CreditStatus, Rating, RatingTrigger, RecordKind, RecordStatus
from credit.rating import rate_enterprise
from credit.scoring import add_years
from credit.tasks import rate_expired_task
from tests.factories import CreditRecordFactory, EnterpriseUserFactory

pytestmark = pytest.mark.django_db


def kind(code):
    return RecordKind.objects.get(code=code)


def record(actor, enterprise, code="court", severity="serious", **kwargs):
    data = {
        "title": "被列为被执行人",
        "occurred_on": timezone.localdate() - timedelta(days=10),
        "document_ref": "（2024）鲁1311执1号",
        **kwargs,
    }
    return services.record_create(
        actor=actor, enterprise=enterprise, kind=kind(code), severity=severity, **data
    )


def test_kinds_and_their_source_departments_are_data():
    # given the sources file loaded  then  each kind names its departments by the programme's codes
    sources = {
        k.code: sorted(d.code for d in k.departments.all())
        for k in RecordKind.objects.prefetch_related("departments")
    }
    assert sources["court"] == ["court"]
    assert sources["tax"] == ["local_tax", "state_tax"]
    assert sources["bank_credit"] == ["banks", "financial_office", "fund_manager"]  # 融资担保代偿
    assert sources["operating_status"] == ["economy_info", "statistics"]
    assert sources["safety_accident"] == ["work_safety"] and sources["environment_accident"] == [
        "environment"
    ]
    assert {k.code for k in RecordKind.objects.filter(category="basic")} == {
        "basic_info",
        "operating_status",
        "prospects",
    }


def test_a_court_records_a_court_record_and_the_enterprise_is_rated_and_told(
    court_user, enterprise, enterprise_user
):
    # when the court records a serious record
    created = record(court_user, enterprise)
    # then it is the court's, its effect ends after the model's repair period, and an audit row exists
    assert created.source_department.code == "court" and created.created_by == court_user
    assert created.effective_until == add_years(created.occurred_on, 5) - timedelta(days=1)
    assert AuditLog.objects.filter(object_id=str(created.pk), action="create", actor=court_user).exists()
    # and the enterprise is rated at once (80 − 15 = 65: CCC), and its user is told
    status = CreditStatus.objects.get(enterprise=enterprise)
    assert (status.grade, str(status.score)) == ("CCC", "65.00")
    assert Rating.objects.get(enterprise=enterprise).trigger == RatingTrigger.RECORD
    assert Notification.objects.filter(recipient=enterprise_user, message__contains="区法院").exists()


@pytest.mark.parametrize("other", ["tax", "bank_credit", "operating_status"])
def test_a_court_cannot_record_another_departments_kind(court_user, enterprise, other):
    with pytest.raises(PermissionDenied, match="不是"):
        record(
            court_user, enterprise, code=other, severity="minor" if other != "operating_status" else "neutral"
        )
    assert not CreditRecord.objects.exists()


def test_non_source_roles_cannot_record(office_user, town_user, enterprise_user, department_user, enterprise):
    # department_user is 区经信局: a source of operating status, not of court records
    for user in (office_user, town_user, enterprise_user, department_user):
        with pytest.raises(PermissionDenied):
            record(user, enterprise)
    assert not CreditRecord.objects.exists()


def test_both_tax_bureaus_record_tax(tax_user, local_tax_user, enterprise):
    a = record(tax_user, enterprise, code="tax", severity="minor", document_ref="罗国税罚〔2024〕1号")
    b = record(local_tax_user, enterprise, code="tax", severity="minor", document_ref="罗地税罚〔2024〕1号")
    assert {a.source_department.code, b.source_department.code} == {"state_tax", "local_tax"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"severity": "positive"}, "severity"),  # a basic-kind severity on an adverse kind
        ({"occurred_on": timezone.localdate() + timedelta(days=1)}, "occurred_on"),
        ({"effective_until": timezone.localdate() - timedelta(days=30)}, "effective_until"),
        ({"title": "  "}, "title"),
    ],
)
def test_invalid_records_are_refused_on_the_field(court_user, enterprise, changes, field):
    with pytest.raises(ValidationError) as exc:
        record(court_user, enterprise, **{"severity": "serious", **changes})
    assert field in exc.value.message_dict
    assert not CreditRecord.objects.exists()


def test_the_same_document_cannot_be_recorded_twice(court_user, enterprise):
    record(court_user, enterprise)
    with pytest.raises(ValidationError) as exc:
        record(court_user, enterprise)
    assert "文书编号" in str(exc.value)
    assert CreditRecord.objects.count() == 1


def test_a_basic_record_moves_the_score_up(commerce_user, enterprise):
    record(
        commerce_user,
        enterprise,
        code="basic_info",
        severity="positive",
        title="年报按时公示",
        document_ref="",
    )
    assert CreditStatus.objects.get(enterprise=enterprise).grade == "A"  # 80 + 5 = 85


def test_the_source_withdraws_its_record_and_the_rating_recovers(court_user, enterprise, enterprise_user):
    created = record(court_user, enterprise, severity="severe")
    assert CreditStatus.objects.get(enterprise=enterprise).grade == "C"
    # when the court withdraws it, with a reason
    services.record_withdraw(actor=court_user, record=created, reason="案件已执行完毕，准予信用修复")
    # then it stops counting: the enterprise is re-rated, with history kept
    created.refresh_from_db()
    assert created.status == RecordStatus.WITHDRAWN and created.withdrawn_at is not None
    assert CreditStatus.objects.get(enterprise=enterprise).grade == "BBB"
    assert list(
        Rating.objects.filter(enterprise=enterprise).order_by("id").values_list("grade", flat=True)
    ) == ["C", "BBB"]
    assert Notification.objects.filter(recipient=enterprise_user, message__contains="撤销").exists()


def test_only_the_source_withdraws_and_a_reason_is_required(court_user, tax_user, enterprise):
    created = record(court_user, enterprise)
    with pytest.raises(PermissionDenied):
        services.record_withdraw(actor=tax_user, record=created, reason="误录")
    with pytest.raises(ValidationError):
        services.record_withdraw(actor=court_user, record=created, reason=" ")
    created.refresh_from_db()
    assert created.status == RecordStatus.ACTIVE


# --- expiry (信用修复) -----------------------------------------------------------------------------


def test_an_expired_record_stops_counting(enterprise):
    # given a tax record whose effect ended yesterday, and one still in effect
    CreditRecordFactory(enterprise=enterprise, kind_code="tax", severity="severe", expired=True)
    CreditRecordFactory(enterprise=enterprise, kind_code="tax", severity="minor")
    # when rated  then  only the one in effect counts (80 − 5)
    rating = rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.ON_DEMAND)
    assert (str(rating.score), rating.grade) == ("75.00", "BB")
    assert [x["reason"] for x in rating.explanation["excluded"]] == ["expired"]


def test_expiry_is_picked_up_by_the_daily_sweep_and_a_second_run_changes_nothing(enterprise, enterprise_user):
    # given a severe tax record rated while in effect, whose effect has since ended
    today = timezone.localdate()
    CreditRecordFactory(
        enterprise=enterprise,
        kind_code="tax",
        severity="severe",
        occurred_on=today - timedelta(days=400),
        effective_until=today - timedelta(days=2),
    )
    rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.SCHEDULE, as_of=today - timedelta(days=3))
    assert CreditStatus.objects.get(enterprise=enterprise).grade == "CC"  # 80 − 30 × 0.8 = 56
    # when the daily task runs (twice)
    first = rate_expired_task()
    second = rate_expired_task()
    # then the record stops counting, the enterprise recovers and is told; the second run appends nothing
    status = CreditStatus.objects.get(enterprise=enterprise)
    assert (status.grade, status.blacklisted) == ("BBB", False)
    assert Rating.objects.filter(enterprise=enterprise).latest("id").trigger == RatingTrigger.EXPIRY
    assert (first["appended"], second["appended"]) == (1, 0)
    assert Notification.objects.filter(recipient=enterprise_user, message__contains="CC 调整为 BBB").exists()


def test_records_in_effect_filter(office_user, enterprise):
    from credit.selectors import records_for

    live = CreditRecordFactory(enterprise=enterprise)
    expired = CreditRecordFactory(enterprise=enterprise, expired=True)
    withdrawn = CreditRecordFactory(enterprise=enterprise, withdrawn=True)
    assert list(records_for(office_user, in_effect=True)) == [live]
    assert set(records_for(office_user, in_effect=False)) == {expired, withdrawn}


def test_other_enterprise_user_is_never_notified(court_user, enterprise, other_enterprise):
    outsider = EnterpriseUserFactory(enterprise=other_enterprise)
    record(court_user, enterprise)
    assert not Notification.objects.filter(recipient=outsider).exists()
