"""Records entered together (records_create_many, the bridge fund's daily run): each the record
`record_create` writes, a document number already standing refused, the permission still asked."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core import audit
from core.models import AuditLog, Notification
from credit import services
from credit.models import CreditRecord, CreditStatus, Rating, RatingTrigger, RecordKind
from credit.scoring import add_years

pytestmark = pytest.mark.django_db


def new(actor, enterprise, ref="（2024）鲁1311执1号", code="court"):
    return services.NewRecord(
        actor=actor,
        enterprise=enterprise,
        kind=RecordKind.objects.get(code=code),
        severity="serious",
        title="被列为被执行人",
        occurred_on=timezone.localdate() - timedelta(days=10),
        document_ref=ref,
    )


def test_each_record_is_the_one_record_create_writes(court_user, enterprise, enterprise_user):
    # when the court enters two records together
    first, second = services.records_create_many(
        [new(court_user, enterprise), new(court_user, enterprise, ref="（2024）鲁1311执2号")]
    )
    # then each is the court's, with its repair period, audited with its snapshot
    for created in (first, second):
        assert created.source_department.code == "court" and created.created_by == court_user
        assert created.effective_until == add_years(created.occurred_on, 5) - timedelta(days=1)
        row = AuditLog.objects.get(object_id=str(created.pk), action="create", actor=court_user)
        assert row.after == audit.snapshot(created, services.RECORD_AUDITED)
    # and the enterprise is rated once for both (below the 65 of one record), its user told of each
    status = CreditStatus.objects.get(enterprise=enterprise)
    assert status.score is not None and status.score < 65
    assert Rating.objects.get(enterprise=enterprise).trigger == RatingTrigger.RECORD
    assert Notification.objects.filter(recipient=enterprise_user, message__contains="区法院").count() == 2


def test_a_number_already_standing_is_refused_and_the_first_kept(court_user, enterprise):
    # given a record of the number entered by hand
    standing = services.record_create(
        actor=court_user,
        enterprise=enterprise,
        kind=RecordKind.objects.get(code="court"),
        severity="serious",
        title="被列为被执行人",
        occurred_on=timezone.localdate() - timedelta(days=10),
        document_ref="（2024）鲁1311执1号",
    )
    # when the batch brings it again, and a new one twice
    again, fresh, twice = services.records_create_many(
        [
            new(court_user, enterprise),
            new(court_user, enterprise, ref="（2024）鲁1311执3号"),
            new(court_user, enterprise, ref="（2024）鲁1311执3号"),
        ]
    )
    # then the standing one and the first of the new number remain, nothing else
    assert again is None and twice is None and fresh is not None
    assert set(CreditRecord.objects.values_list("pk", flat=True)) == {standing.pk, fresh.pk}


def test_the_permission_is_asked_of_each_actor_and_kind(court_user, enterprise):
    with pytest.raises(PermissionDenied):
        services.records_create_many([new(court_user, enterprise), new(court_user, enterprise, code="tax")])
    assert not CreditRecord.objects.exists()
