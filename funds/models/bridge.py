"""Bridge loans (过桥还贷): the fund lends an enterprise the money to repay a bank loan falling due,
the bank renews the loan (续贷) and the money comes back with its fee.

applied → recommended (by the town) → confirmed (the bank confirms the loan falling due and its
renewal commitment) → approved (the agency) → disbursed (a second agency user) → repaid (the bank
reports the renewal and the money back); a disbursed loan past its due date is overdue (the daily
task) until repaid. The town may decline, the agency reject, the applicant withdraw before approval.
Amounts in 元."""

import uuid
from pathlib import Path

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core import audit_messages
from core.models import TimeStampedModel, WorkflowEvent
from core.models_base import (
    actor_field,
    decision_fields,
    event_fields,
    event_owner,
    moment_field,
    one_to_one,
    relation,
    state_field,
    yuan_field,
)
from core.storage import get_private_storage
from enterprises.fields import enterprise_field
from programs.fields import town_field
from programs.models import Bank

from .funds import OVERSIGHT_DEPARTMENTS, SubFund
from .support import pool_entry_field


class BridgeLoanState(models.TextChoices):
    APPLIED = "applied", _("已申请")
    RECOMMENDED = "recommended", _("街镇已推荐")
    DECLINED = "declined", _("街镇不予推荐")
    CONFIRMED = "confirmed", _("银行已确认")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("不予批准")
    DISBURSED = "disbursed", _("已拨付")
    OVERDUE = "overdue", _("逾期")
    REPAID = "repaid", _("已归还")
    WITHDRAWN = "withdrawn", _("已撤回")


OUTSTANDING_STATES = (BridgeLoanState.DISBURSED, BridgeLoanState.OVERDUE)


class BridgeLoanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A bank: its own loans; an enterprise: its own; a town: its town's; the fund agency, 金融办,
        财政局 and the office: all; nobody else."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.OFFICE:
            return self
        if user.role == Role.DEPARTMENT:
            if user.department_id and user.department.code in OVERSIGHT_DEPARTMENTS:
                return self
            return self.none()
        if user.role == Role.BANK:
            return self.filter(bank_id=user.bank_id)
        if user.role == Role.ENTERPRISE:
            return self.filter(enterprise_id=user.enterprise_id)
        if user.role == Role.TOWN:
            return self.filter(town_id=user.town_id)
        return self.none()

    def outstanding(self):
        return self.filter(state__in=OUTSTANDING_STATES)


def letter_path(instance, filename):
    return f"funds/bridge/{instance.pk or 'new'}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class BridgeLoan(TimeStampedModel):
    sub_fund = relation(SubFund, _("子基金"), related_name="bridge_loans")
    enterprise = enterprise_field(_("企业"), related_name="bridge_loans")
    town = town_field(_("所在街镇"))
    bank = relation(Bank, _("贷款银行"), related_name="bridge_loans")
    pool_entry = pool_entry_field()
    state = state_field(BridgeLoanState.APPLIED)
    applied_by = actor_field(_("申请人"))
    # the application
    amount = yuan_field(_("申请金额（元）"))
    term_days = models.PositiveSmallIntegerField(_("使用天数"))
    loan_amount = yuan_field(_("到期贷款金额（元）"))
    loan_due_on = models.DateField(_("贷款到期日"))
    purpose = models.CharField(_("说明"), max_length=500, blank=True)
    # the bank's confirmation (续贷承诺)
    renewal_amount = yuan_field(_("续贷承诺金额（元）"), null=True, blank=True)
    renewal_on = models.DateField(_("承诺续贷日期"), null=True, blank=True)
    commitment_letter = models.FileField(
        _("续贷承诺函"), storage=get_private_storage, upload_to=letter_path, max_length=200, blank=True
    )
    commitment_letter_name = models.CharField(_("承诺函文件名"), max_length=200, blank=True)
    confirmed_by = actor_field(_("银行确认人"), null=True, blank=True)
    confirmed_at = moment_field(_("银行确认时间"))
    # outside the pools (重点投向培育库企业（项目）: the agency may allow others, with its reason)
    outside_pool_reason = models.CharField(_("培育库外准入理由"), max_length=500, blank=True)
    # the agency's decision
    approved_amount = yuan_field(_("批准金额（元）"), null=True, blank=True)
    decided_by, decided_at, decision_reason = decision_fields(_("审批人"), _("审批时间"), _("审批意见"))
    # the money
    disbursed_by = actor_field(_("拨付人"), null=True, blank=True)
    disbursed_on = models.DateField(_("拨付日期"), null=True, blank=True)
    due_on = models.DateField(_("应还日期"), null=True, blank=True, db_index=True)
    repaid_on = models.DateField(_("归还日期"), null=True, blank=True)
    renewed_on = models.DateField(_("银行续贷日期"), null=True, blank=True)
    reported_by = actor_field(_("归还报告人"), null=True, blank=True)
    fee = yuan_field(_("资金使用费（元）"), default=0)
    # overdue (the daily task)
    overdue_days = models.PositiveIntegerField(_("逾期天数"), default=0)
    penalty_accrued = yuan_field(_("已计罚息（元）"), default=0)
    penalty_through = models.DateField(_("罚息计至"), null=True, blank=True)
    credit_record = one_to_one("credit.CreditRecord", _("不良信用记录"), optional=True)

    objects = BridgeLoanQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("过桥还贷")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["sub_fund", "state"], name="funds_bridge_state_idx"),
            models.Index(fields=["bank", "state"], name="funds_bridge_bank_idx"),
            models.Index(fields=["enterprise", "-created_at"], name="funds_bridge_enterprise_idx"),
            models.Index(fields=["town", "state"], name="funds_bridge_town_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="funds_bridge_amounts_positive",
                condition=Q(
                    amount__gt=0, loan_amount__gt=0, term_days__gt=0, fee__gte=0, penalty_accrued__gte=0
                ),
            ),
            models.CheckConstraint(
                name="funds_bridge_disbursed_has_money",
                condition=~Q(state__in=["disbursed", "overdue", "repaid"])
                | Q(approved_amount__gt=0, disbursed_on__isnull=False, due_on__isnull=False),
            ),
            models.CheckConstraint(
                name="funds_bridge_two_people",
                condition=Q(disbursed_by__isnull=True) | ~Q(disbursed_by=models.F("decided_by")),
            ),
        ]

    def __str__(self):
        return _("%(enterprise)s 过桥资金 #%(id)s") % {"enterprise": self.enterprise.name, "id": self.pk}

    @property
    def principal(self):
        return self.approved_amount or self.amount

    @property
    def overdue_age(self) -> str:
        """1–3, 4–10 or >10 days overdue; "" when not overdue."""
        if self.state != BridgeLoanState.OVERDUE or self.overdue_days <= 0:
            return ""
        return age_bucket(self.overdue_days)


AGE_BUCKETS = (("1-3", 1, 3), ("4-10", 4, 10), (">10", 11, None))
AGE_LABELS = {"1-3": _("1—3天"), "4-10": _("4—10天"), ">10": _("10天以上")}


def age_bucket(days: int) -> str:
    for code, low, high in AGE_BUCKETS:
        if days >= low and (high is None or days <= high):
            return code
    return ""


class BridgeLoanEvent(WorkflowEvent):
    class Action(models.TextChoices):
        CREATE = "create", _("申请")
        RECOMMEND = "recommend", _("推荐")
        DECLINE = "decline", _("不予推荐")
        CONFIRM = "confirm", _("确认续贷承诺")
        APPROVE = "approve", _("批准")
        REJECT = "reject", _("不予批准")
        DISBURSE = "disburse", _("拨付")
        OVERDUE = "overdue", _("逾期")
        REPAY = "repay", _("归还")
        WITHDRAW = "withdraw", _("撤回")

    loan = event_owner(BridgeLoan, _("过桥还贷"))
    action, from_state, to_state = event_fields(Action, BridgeLoanState)

    class Meta(WorkflowEvent.Meta):
        verbose_name = verbose_name_plural = _("过桥还贷记录")


# The bridge loans' export names its state and age filters (core.audit_messages).
audit_messages.register_filter("state", choices=BridgeLoanState.choices, exports=("bridge_loans",))
audit_messages.register_filter("age", choices=AGE_LABELS.items(), exports=("bridge_loans",))
