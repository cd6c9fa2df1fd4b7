"""Objections (信用异议): the enterprise objects to a record with an explanation and evidence; the
record's source department upholds it (with reasons) or withdraws it; a withdrawn record stops
counting and the enterprise is re-rated at once. Through the services and through the pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import AuditLog, Notification
from credit import services
from credit.models import Appeal, AppealState, CreditStatus, Rating, RatingTrigger, RecordKind, RecordStatus
from tests.factories import CreditRecordFactory, EnterpriseUserFactory, SourceUserFactory
from tests.factories.pools import blank_pdf

pytestmark = pytest.mark.django_db
PDF = blank_pdf()


@pytest.fixture
def tax_record(tax_user, enterprise):
    """A serious tax record of the state tax bureau: 80 − 15 = 65 (CCC)."""
    return services.record_create(
        actor=tax_user,
        enterprise=enterprise,
        kind=RecordKind.objects.get(code="tax"),
        severity="serious",
        title="欠缴税款被追缴",
        document_ref="罗国税罚〔2024〕7号",
        occurred_on=timezone.localdate() - timedelta(days=20),
    )


def appeal(user, record, evidence=None, explanation="税款及滞纳金已于次月缴清，附完税证明。"):
    return services.appeal_create(actor=user, record=record, explanation=explanation, evidence=evidence)


def test_the_enterprise_objects_and_the_source_is_told(enterprise_user, tax_record, tax_user, local_tax_user):
    # when the enterprise objects, with a PDF
    created = appeal(enterprise_user, tax_record, evidence=SimpleUploadedFile("完税证明.pdf", PDF))
    # then the objection is pending, the record is disputed (and still counts), the source's users are told
    tax_record.refresh_from_db()
    assert (created.state, tax_record.status) == (AppealState.PENDING, RecordStatus.DISPUTED)
    assert created.evidence_name == "完税证明.pdf" and created.evidence.read() == PDF
    assert CreditStatus.objects.get(enterprise=tax_record.enterprise).grade == "CCC"
    assert Notification.objects.filter(recipient=tax_user, message__contains="异议").exists()
    assert not Notification.objects.filter(
        recipient=local_tax_user
    ).exists()  # the other bureau did not record it
    assert AuditLog.objects.filter(object_id=str(created.pk), action="create").exists()


def test_only_the_enterprise_concerned_may_object_and_only_once_at_a_time(
    enterprise_user, other_enterprise_user, town_user, tax_user, tax_record
):
    for outsider in (other_enterprise_user, town_user, tax_user):
        with pytest.raises(PermissionDenied):
            appeal(outsider, tax_record)
    appeal(enterprise_user, tax_record)
    with pytest.raises(PermissionDenied, match="待处理"):
        appeal(enterprise_user, tax_record)
    assert Appeal.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("证明.exe", b"MZ", "只接受"),
        ("证明.pdf", b"not a pdf", "不符"),
        ("证明.pdf", b"%PDF-1.4\n%%EOF\n", "无法作为 PDF 打开"),  # the right first bytes, no PDF behind them
        ("证明.png", b"\x89PNG\r\n\x1a\n renamed text", "无法作为图片打开"),
    ],
)
def test_evidence_must_be_a_real_pdf_or_image(enterprise_user, tax_record, name, content, message):
    with pytest.raises(ValidationError, match=message):
        appeal(enterprise_user, tax_record, evidence=SimpleUploadedFile(name, content))
    assert not Appeal.objects.exists()


def test_an_explanation_is_required(enterprise_user, tax_record):
    with pytest.raises(ValidationError):
        appeal(enterprise_user, tax_record, explanation="  ")


def test_the_source_upholds_with_reasons_and_nothing_is_re_rated(enterprise_user, tax_user, tax_record):
    pending = appeal(enterprise_user, tax_record)
    ratings = Rating.objects.count()
    with pytest.raises(ValidationError):
        services.appeal_decide(actor=tax_user, appeal=pending, decision=AppealState.UPHELD, note="")
    services.appeal_decide(
        actor=tax_user, appeal=pending, decision=AppealState.UPHELD, note="缴清日期晚于处罚决定，记录属实。"
    )
    pending.refresh_from_db()
    tax_record.refresh_from_db()
    assert (pending.state, tax_record.status) == (AppealState.UPHELD, RecordStatus.ACTIVE)
    assert Rating.objects.count() == ratings
    assert Notification.objects.filter(recipient=enterprise_user, message__contains="维持原记录").exists()


def test_the_source_withdraws_and_the_rating_is_recomputed(enterprise_user, town_user, tax_user, tax_record):
    pending = appeal(enterprise_user, tax_record)
    # when the state tax bureau withdraws the record
    services.appeal_decide(actor=tax_user, appeal=pending, decision=AppealState.WITHDRAWN, note="核实已缴清")
    # then the record is withdrawn, stops counting, and a new rating is appended with the reason
    tax_record.refresh_from_db()
    assert tax_record.status == RecordStatus.WITHDRAWN and "异议成立" in tax_record.withdrawn_reason
    latest = Rating.objects.filter(enterprise=tax_record.enterprise).latest("id")
    assert (latest.grade, latest.previous_grade, latest.trigger) == ("BBB", "CCC", RatingTrigger.APPEAL)
    assert [x["reason"] for x in latest.explanation["excluded"]] == ["withdrawn"]
    # and the enterprise and its town are told of the decision and the new grade
    assert Notification.objects.filter(recipient=enterprise_user, message__contains="不再计入评级").exists()
    assert Notification.objects.filter(recipient=enterprise_user, message__contains="CCC 调整为 BBB").exists()
    assert Notification.objects.filter(recipient=town_user, message__contains="CCC 调整为 BBB").exists()


def test_only_the_source_department_decides(enterprise_user, local_tax_user, owner_user, tax_record):
    pending = appeal(enterprise_user, tax_record)
    # the local tax bureau sees tax records but did not record this one; 金融办 reads everything
    for user in (local_tax_user, owner_user, SourceUserFactory(source="court")):
        with pytest.raises(PermissionDenied, match="来源部门"):
            services.appeal_decide(actor=user, appeal=pending, decision=AppealState.WITHDRAWN, note="")
    pending.refresh_from_db()
    assert pending.state == AppealState.PENDING


def test_a_decided_objection_cannot_be_decided_again(enterprise_user, tax_user, tax_record):
    pending = appeal(enterprise_user, tax_record)
    services.appeal_decide(actor=tax_user, appeal=pending, decision=AppealState.UPHELD, note="属实")
    with pytest.raises(PermissionDenied, match="已处理"):
        services.appeal_decide(actor=tax_user, appeal=pending, decision=AppealState.WITHDRAWN, note="")
    # and the enterprise may object again with new evidence
    appeal(enterprise_user, tax_record)
    assert Appeal.objects.filter(state=AppealState.PENDING).count() == 1


def test_withdrawing_a_disputed_record_closes_its_objection(enterprise_user, tax_user, tax_record):
    pending = appeal(enterprise_user, tax_record)
    services.record_withdraw(actor=tax_user, record=tax_record, reason="系统误录")
    pending.refresh_from_db()
    assert pending.state == AppealState.WITHDRAWN and pending.decision_note == "系统误录"


# --- through the pages ---------------------------------------------------------------------------


def test_objection_and_decision_through_the_pages(client_for, enterprise_user, tax_user, tax_record):
    url = f"/credit/records/{tax_record.pk}/"
    # the enterprise sees the form on its record and objects
    page = client_for(enterprise_user).get(url)
    assert 'data-testid="appeal-form"' in page.content.decode()
    response = client_for(enterprise_user).post(
        f"{url}appeal/", {"explanation": "已缴清", "evidence": SimpleUploadedFile("证明.pdf", PDF)}
    )
    assert response.status_code == 302
    pending = Appeal.objects.get()
    # the source department sees the objection in its queue and withdraws the record
    queue = client_for(tax_user).get("/credit/appeals/")
    assert tax_record.title in queue.content.decode()
    assert 'data-testid="decision-form"' in client_for(tax_user).get(url).content.decode()
    response = client_for(tax_user).post(
        f"/credit/appeals/{pending.pk}/decide/", {"decision": "withdrawn", "note": "属实"}
    )
    assert response.status_code == 302
    tax_record.refresh_from_db()
    assert tax_record.status == RecordStatus.WITHDRAWN
    # the evidence is served to those who see the record, and to no one else
    assert client_for(tax_user).get(f"/credit/appeals/{pending.pk}/evidence/").status_code == 200
    outsider = EnterpriseUserFactory()
    assert client_for(outsider).get(f"/credit/appeals/{pending.pk}/evidence/").status_code == 404


def test_another_enterprise_cannot_reach_the_record_or_object(client_for, other_enterprise_user, tax_record):
    client = client_for(other_enterprise_user)
    assert client.get(f"/credit/records/{tax_record.pk}/").status_code == 404
    assert client.post(f"/credit/records/{tax_record.pk}/appeal/", {"explanation": "x"}).status_code == 404
    assert not Appeal.objects.exists()


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
