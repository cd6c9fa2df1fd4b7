"""融资担保 (第21条 融资担保基金): a bank asks the guarantee fund to guarantee a loan to an enterprise; the
fund agency (基金管理机构) decides within the fund's caps; the loan is repaid (解保) or defaults, the
bank claims, the fund pays its share (代偿) and books what is recovered (追偿).

States and who moves them are declared in funds/workflow_guarantees.py; every write goes through
funds/services/guarantees.py. Money is in 元 as the ledger keeps it, Decimal with two places; shares are fractions.
"""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.constraints import at_least, decimal_equals, positive
from core.models import TimeStampedModel, WorkflowEvent
from core.models_base import (
    FollowingQuerySet,
    actor_field,
    event_fields,
    event_owner,
    moment_field,
    relation,
    state_field,
    yuan_field,
)
from enterprises.fields import enterprise_field
from programs.models import Bank

from .support import ZERO, PoolSupport

SHARE = {"max_digits": 5, "decimal_places": 4}


class GuaranteeState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审批")
    ACTIVE = "active", _("在保")
    REJECTED = "rejected", _("不予担保")
    WITHDRAWN = "withdrawn", _("已撤回")
    RELEASED = "released", _("已解保")
    CLAIMED = "claimed", _("代偿审核中")
    COMPENSATED = "compensated", _("已代偿")


# The guarantees whose exposure counts against the caps: in force, or in default awaiting payment.
IN_FORCE = (GuaranteeState.ACTIVE, GuaranteeState.CLAIMED)


def _reads_all_guarantees(user) -> bool:
    """The office, 区金融办, 区财政局 and the fund agency read every guarantee (第21条 牵头部门、责任部门)."""
    from accounts.models import Role

    from .funds import OVERSIGHT_DEPARTMENTS

    if user.role == Role.OFFICE:
        return True
    return (
        user.role == Role.DEPARTMENT
        and user.department_id is not None
        and user.department.code in OVERSIGHT_DEPARTMENTS
    )


class GuaranteeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides which guarantees a user may see (allow-list by business role).

        A bank: its own, drafts included. The office, 区金融办, 区财政局 and the fund agency: all but a
        bank's drafts. The enterprise: its own, once submitted. A town: its enterprises', once
        submitted. Anyone else: none."""
        from accounts.models import Role

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.BANK:
            return self.filter(bank_id=user.bank_id)
        submitted = self.exclude(state=GuaranteeState.DRAFT)
        if _reads_all_guarantees(user):
            return submitted
        if user.role == Role.ENTERPRISE:
            return submitted.filter(enterprise_id=user.enterprise_id)
        if user.role == Role.TOWN:
            return submitted.filter(enterprise__town_id=user.town_id)
        return self.none()

    def in_force(self):
        return self.filter(state__in=IN_FORCE)


class Guarantee(TimeStampedModel, PoolSupport):
    fund = relation("funds.SubFund", _("担保基金"), related_name="guarantees")
    bank = models.ForeignKey(Bank, verbose_name=_("贷款银行"), on_delete=models.PROTECT, related_name="+")
    enterprise = enterprise_field(_("借款企业"), related_name="guarantees")
    loan_contract = models.CharField(_("借款合同编号"), max_length=60)
    principal = yuan_field(_("贷款本金（元）"))
    loan_start = models.DateField(_("贷款起始日"))
    loan_end = models.DateField(_("贷款到期日"))
    fee_rate = models.DecimalField(_("担保费率（年）"), max_digits=7, decimal_places=6)
    fee_amount = yuan_field(_("担保费（元）"), default=ZERO)
    bank_share = models.DecimalField(_("银行分担比例"), **SHARE)
    fund_share = models.DecimalField(_("担保基金分担比例"), **SHARE)
    other_share = models.DecimalField(_("其他分担比例"), default=Decimal("0"), **SHARE)
    other_party = models.CharField(_("其他分担方"), max_length=100, blank=True)
    # 担保责任余额: principal × fund share while in force; 0 once released or compensated.
    exposure = yuan_field(_("担保责任余额（元）"), default=ZERO)
    state = state_field(GuaranteeState.DRAFT)
    submitted_at = moment_field(_("提交时间"))
    decided_at = moment_field(_("审批时间"))
    decided_by = actor_field(_("审批人"), null=True, blank=True)
    released_on = models.DateField(_("解保日期"), null=True, blank=True)
    created_by = actor_field(_("填报人"), null=True)

    objects = GuaranteeQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("融资担保")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["fund", "state"], name="guarantee_fund_state_idx"),
            models.Index(fields=["bank", "state"], name="guarantee_bank_state_idx"),
            models.Index(fields=["enterprise", "state"], name="guarantee_enterprise_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="guarantee_shares_sum_to_one",
                condition=Q(bank_share__gte=0, fund_share__gte=0, other_share__gte=0)
                & decimal_equals("bank_share", Decimal("1") - F("fund_share") - F("other_share"), 4),
            ),
            # 国办发〔2019〕6号: 银行业金融机构承担的风险责任比例原则上不低于20%.
            models.CheckConstraint(
                name="guarantee_bank_share_floor", condition=Q(bank_share__gte=Decimal("0.2"))
            ),
            positive("principal", "guarantee_principal_positive"),
            at_least("exposure", 0, "guarantee_exposure_in_range"),
            models.CheckConstraint(
                name="guarantee_loan_dates_ordered", condition=Q(loan_end__gt=F("loan_start"))
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.bank} · {self.principal}元"

    @property
    def full_exposure(self) -> Decimal:
        """The fund's share of the principal: what the guarantee counts against the caps while in force."""
        return (self.principal * self.fund_share).quantize(Decimal("0.01"))


class GuaranteeEvent(WorkflowEvent):
    class Action(models.TextChoices):
        CREATE = "create", _("填报")
        SUBMIT = "submit", _("提交")
        APPROVE = "approve", _("批准担保")
        REJECT = "reject", _("不予担保")
        WITHDRAW = "withdraw", _("撤回")
        RELEASE = "release", _("解保")
        CLAIM = "claim", _("申请代偿")
        PAY = "pay", _("代偿")
        DECLINE = "decline", _("不予代偿")
        RECOVER = "recover", _("追偿入账")

    guarantee = event_owner(Guarantee)
    action, from_state, to_state = event_fields(Action, GuaranteeState)

    class Meta(WorkflowEvent.Meta):
        verbose_name = verbose_name_plural = _("融资担保记录")


class ClaimState(models.TextChoices):
    FILED = "filed", _("待审核")
    PAID = "paid", _("已代偿")
    DECLINED = "declined", _("不予代偿")


class ClaimQuerySet(FollowingQuerySet):
    """A claim follows its guarantee."""

    follows = "guarantee"


class GuaranteeClaim(TimeStampedModel):
    """The bank's claim on a defaulted guaranteed loan (代偿申请) and its payment (代偿)."""

    guarantee = relation(Guarantee, _("融资担保"), related_name="claims")
    state = state_field(ClaimState.FILED, max_length=10)
    default_on = models.DateField(_("逾期日期"))
    outstanding_principal = yuan_field(_("未偿本金（元）"))
    fund_amount = yuan_field(_("基金代偿额（元）"))
    bank_amount = yuan_field(_("银行承担额（元）"))
    other_amount = yuan_field(_("其他方承担额（元）"))
    due_on = models.DateField(_("应代偿日期"))
    filed_by = actor_field(_("申请人"), null=True)
    paid_on = models.DateField(_("代偿日期"), null=True, blank=True)
    decided_by = actor_field(_("审核人"), null=True, blank=True)
    decision_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    credit_record = relation("credit.CreditRecord", _("信用记录"), optional=True)
    recovered = yuan_field(_("已追回（元）"), default=ZERO)
    recovered_fund = yuan_field(_("基金分得追偿款（元）"), default=ZERO)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("代偿申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open or paid claim per guarantee: a claim is paid once (a declined one may be filed again).
            models.UniqueConstraint(
                fields=["guarantee"], condition=~Q(state="declined"), name="guarantee_claim_once"
            ),
            models.CheckConstraint(
                name="claim_parts_sum",
                condition=decimal_equals(
                    "outstanding_principal", F("fund_amount") + F("bank_amount") + F("other_amount"), 2
                ),
            ),
            models.CheckConstraint(
                name="claim_recovered_in_range",
                condition=Q(recovered__gte=0, recovered__lte=F("outstanding_principal"))
                & Q(recovered_fund__gte=0, recovered_fund__lte=F("recovered")),
            ),
        ]

    def __str__(self):
        return f"{self.guarantee} · {self.outstanding_principal}元"


class GuaranteeRecovery(models.Model):
    """Money recovered from the borrower after a compensation (追偿), shared by the risk shares."""

    claim = relation(GuaranteeClaim, _("代偿"), related_name="recoveries")
    amount = yuan_field(_("追回金额（元）"))
    fund_amount = yuan_field(_("基金分得（元）"))
    bank_amount = yuan_field(_("银行分得（元）"))
    other_amount = yuan_field(_("其他方分得（元）"))
    recovered_on = models.DateField(_("追回日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = actor_field(_("登记人"), null=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("追偿款")
        ordering = ["recovered_on", "id"]
        constraints = [
            positive("amount", "recovery_positive"),
            models.CheckConstraint(
                name="recovery_parts_sum",
                condition=decimal_equals(
                    "amount", F("fund_amount") + F("bank_amount") + F("other_amount"), 2
                ),
            ),
        ]

    def __str__(self):
        return f"{self.claim_id} · {self.amount}元"
