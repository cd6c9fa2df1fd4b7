"""Credit rows: records of any kind (traits: expired, withdrawn), users of the credit source departments,
objections and manual blacklist entries.

Record kinds and their departments come from credit/data/credit-sources.yaml (loaded by the
migration; `ensure_defaults()` reloads them after a flush). Workflow tests go through credit.services;
these factories build the surroundings without the service rules.
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from credit.loader import ensure_defaults
from credit.models import Appeal, BlacklistEntry, CreditRecord, RecordKind, RecordStatus
from programs.models import Department

from .accounts import DepartmentUserFactory, EnterpriseUserFactory
from .enterprises import EnterpriseFactory


def credit_department(code: str) -> Department:
    ensure_defaults()
    return Department.objects.get(code=code)


def record_kind(code: str) -> RecordKind:
    ensure_defaults()
    return RecordKind.objects.get(code=code)


class SourceUserFactory(DepartmentUserFactory):
    """A user of a credit source department, by code: SourceUserFactory(source="court")."""

    class Params:
        source = "court"

    department = factory.LazyAttribute(lambda o: credit_department(o.source))


class CreditRecordFactory(DjangoModelFactory):
    """A record in effect (30 days old, no end date) of `kind_code`, from the kind's first department."""

    class Meta:
        model = CreditRecord

    class Params:
        kind_code = "tax"
        expired = factory.Trait(
            occurred_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=4 * 365)),
            effective_until=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1)),
        )
        withdrawn = factory.Trait(
            status=RecordStatus.WITHDRAWN,
            withdrawn_at=factory.LazyFunction(timezone.now),
            withdrawn_reason="录入有误",
        )

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = factory.LazyAttribute(lambda o: record_kind(o.kind_code))
    source_department = factory.LazyAttribute(lambda o: o.kind.departments.order_by("order", "code").first())
    severity = factory.LazyAttribute(lambda o: "minor" if o.kind.category == "adverse" else "neutral")
    title = factory.Sequence(lambda n: f"测试信用记录{n}")
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    document_ref = factory.Sequence(lambda n: f"测罚〔2024〕{n}号")
    effective_until = None
    status = RecordStatus.ACTIVE


class AppealFactory(DjangoModelFactory):
    class Meta:
        model = Appeal

    record = factory.SubFactory(CreditRecordFactory, status=RecordStatus.DISPUTED)
    enterprise = factory.SelfAttribute("record.enterprise")
    explanation = "税款已缴清，申请撤销。"
    submitted_by = factory.SubFactory(EnterpriseUserFactory, enterprise=factory.SelfAttribute("..enterprise"))


class BlacklistEntryFactory(DjangoModelFactory):
    class Meta:
        model = BlacklistEntry

    enterprise = factory.SubFactory(EnterpriseFactory)
    reason = "恶意逃废银行债务"
    added_by = factory.SubFactory(SourceUserFactory, source="financial_office")
