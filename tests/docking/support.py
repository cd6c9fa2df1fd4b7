"""The docking's test world: three banks' accounts, 金融办, pool entries in two towns, a held meeting."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from docking import services
from docking.models import LoanApplication
from tests.factories import (
    BankFactory,
    BankUserFactory,
    DepartmentFactory,
    DepartmentUserFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    PoolFactory,
    TownUserFactory,
)
from tests.factories.pools import NominationFactory


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def financial_office_user():
    department = DepartmentFactory(code="financial_office", name="区金融办")
    return DepartmentUserFactory(username="dept_financial_office", department=department)


def pool_entry(pool, town=None, **kwargs):
    enterprise = EnterpriseFactory(**({"town": town} if town else {}), **kwargs)
    NominationFactory(pool=pool, town=enterprise.town, enterprise=enterprise, approved=True)
    return enterprise


def application(
    bank_user, enterprise, *, applied=30, approved=None, disbursed=None, refused=None, amount="500"
):
    """A green-channel application through the services, `applied` etc. in days ago."""
    a = services.application_create(
        actor=bank_user,
        enterprise=enterprise,
        product="流动资金贷款",
        amount_applied=Decimal(amount),
        applied_on=days_ago(applied),
    )
    if approved is not None:
        a = services.application_approve(
            actor=bank_user, application=a, approved_on=days_ago(approved), amount_granted=Decimal(amount)
        )
    if disbursed is not None:
        a = services.application_disburse(actor=bank_user, application=a, disbursed_on=days_ago(disbursed))
    if refused:
        a = services.application_refuse(actor=bank_user, application=a, reason=refused)
    return LoanApplication.objects.get(pk=a.pk)


def make_world():
    fo = financial_office_user()
    lead = DepartmentUserFactory()
    other_dept = DepartmentUserFactory()
    pool = PoolFactory(lead_departments=[lead.department])
    bank_a, bank_b = BankFactory(code="bank_a", name="甲银行"), BankFactory(code="bank_b", name="乙银行")
    a_user = BankUserFactory(username="bank_bank_a", bank=bank_a)
    a_second = BankUserFactory(bank=bank_a)
    b_user = BankUserFactory(username="bank_bank_b", bank=bank_b)
    e1 = pool_entry(pool)
    e2 = pool_entry(pool)
    outsider = EnterpriseFactory(town=e1.town)
    town = TownUserFactory(town=e1.town)
    other_town = TownUserFactory(town=e2.town)
    ent1 = EnterpriseUserFactory(enterprise=e1)
    ent2 = EnterpriseUserFactory(enterprise=e2)
    meeting = services.meeting_create(
        actor=fo,
        title="一对一银企对话会",
        held_on=days_ago(10),
        place="区政务服务中心",
        banks=[bank_a, bank_b],
        enterprises=[e1, e2],
    )
    return {
        "fo": fo,
        "lead": lead,
        "other_dept": other_dept,
        "pool": pool,
        "bank_a": bank_a,
        "bank_b": bank_b,
        "a": a_user,
        "a2": a_second,
        "b": b_user,
        "e1": e1,
        "e2": e2,
        "outsider": outsider,
        "town": town,
        "other_town": other_town,
        "ent1": ent1,
        "ent2": ent2,
        "meeting": meeting,
    }


def docking_rows(organiser, enterprise, other_enterprise):
    """One of each docking row for the access table's world (both enterprises are pool entries there):
    a held meeting with an intention, an application, a specialist and a visit of one bank. Returns
    that bank's account."""
    bank_user = BankUserFactory()
    meeting = services.meeting_create(
        actor=organiser,
        title="对话会",
        held_on=days_ago(3),
        place="区政务服务中心",
        banks=[bank_user.bank],
        enterprises=[enterprise, other_enterprise],
    )
    services.meeting_transition(actor=organiser, meeting=meeting, action="hold")
    services.intention_record(
        actor=organiser,
        meeting=meeting,
        bank=bank_user.bank,
        enterprise=enterprise,
        amount=Decimal("100"),
        product="贷",
        contact="王",
    )
    application(bank_user, enterprise, applied=5)
    application(BankUserFactory(), other_enterprise, applied=5)
    specialist = services.specialist_assign(actor=bank_user, enterprise=enterprise, user=bank_user)
    services.visit_log(
        actor=bank_user,
        specialist=specialist,
        visited_on=days_ago(1),
        form="on_site",
        people_met="x",
        difficulties=[],
    )
    return bank_user
