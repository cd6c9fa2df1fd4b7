"""The green channel (绿色通道): pool entries' loan applications as the banks record them."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import audit_messages
from core.constraints import positive
from core.models import TimeStampedModel, WorkflowEvent
from core.models_base import actor_field, event_fields, event_owner, note_field, state_field, wan_yuan_field
from enterprises.fields import enterprise_field
from programs.models import Bank

from .scope import DockingScopedQuerySet


class ApplicationState(models.TextChoices):
    APPLIED = "applied", _("审批中")
    APPROVED = "approved", _("已审批")
    DISBURSED = "disbursed", _("已放款")
    REFUSED = "refused", _("未获批准")


GRANTED_STATES = (ApplicationState.APPROVED, ApplicationState.DISBURSED)
DECIDED_STATES = (*GRANTED_STATES, ApplicationState.REFUSED)


class RefusalReason(models.TextChoices):
    COLLATERAL = "collateral", _("抵押担保不足")
    CREDIT = "credit", _("征信记录不良")
    REPAYMENT = "repayment", _("还款能力不足")
    INDUSTRY = "industry", _("不符合行业信贷政策")
    MATERIALS = "materials", _("申请材料不全")
    WITHDRAWN = "withdrawn", _("企业撤回申请")
    OTHER = "other", _("其他原因")


class ApplicationQuerySet(DockingScopedQuerySet):
    # A department other than 金融办 follows the financing of the enterprises in its pools.
    departments = True


class LoanApplication(TimeStampedModel):
    bank = models.ForeignKey(Bank, verbose_name=_("银行"), on_delete=models.PROTECT, related_name="+")
    enterprise = enterprise_field(_("企业"), related_name="loan_applications")
    product = models.CharField(_("信贷产品"), max_length=60)
    amount_applied = wan_yuan_field(_("申请金额（万元）"))
    amount_granted = wan_yuan_field(_("批准金额（万元）"), null=True, blank=True)
    applied_on = models.DateField(_("申请日期"))
    approved_on = models.DateField(_("审批日期"), null=True, blank=True)
    disbursed_on = models.DateField(_("放款日期"), null=True, blank=True)
    state = state_field(ApplicationState.APPLIED)
    refusal_reason = models.CharField(
        _("未批准原因"), max_length=12, choices=RefusalReason.choices, blank=True
    )
    refusal_note = models.CharField(_("未批准说明"), max_length=300, blank=True)
    # 应贷尽贷 counts the applications of pool entries that were not on the blacklist when they applied;
    # the gate's sentence is kept when one was (the rate must not change when a listing ends later).
    qualifying = models.BooleanField(_("符合应贷尽贷条件"), default=True)
    block_reason = note_field(_("不计入原因"))
    recorded_by = actor_field(_("填报人"))

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("绿色通道贷款申请")
        ordering = ["-applied_on", "-id"]
        indexes = [
            models.Index(fields=["bank", "state", "applied_on"], name="loanapp_bank_state_idx"),
            models.Index(fields=["state", "applied_on"], name="loanapp_state_idx"),
        ]
        constraints = [
            positive("amount_applied", "loanapp_amount_positive"),
            models.CheckConstraint(
                name="loanapp_dates_ordered",
                condition=(Q(approved_on__isnull=True) | Q(approved_on__gte=F("applied_on")))
                & (Q(disbursed_on__isnull=True) | Q(disbursed_on__gte=F("approved_on"))),
            ),
            models.CheckConstraint(
                name="loanapp_dates_match_state",
                condition=(
                    Q(state="applied", approved_on__isnull=True, disbursed_on__isnull=True, refusal_reason="")
                    | Q(
                        state="approved",
                        approved_on__isnull=False,
                        disbursed_on__isnull=True,
                        refusal_reason="",
                    )
                    | Q(
                        state="disbursed",
                        approved_on__isnull=False,
                        disbursed_on__isnull=False,
                        refusal_reason="",
                    )
                    | Q(state="refused", disbursed_on__isnull=True) & ~Q(refusal_reason="")
                ),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise.name} · {self.bank.name} · {self.applied_on:%Y-%m-%d}"

    @property
    def granted(self) -> bool:
        return self.state in GRANTED_STATES


class LoanApplicationEvent(WorkflowEvent):
    class Action(models.TextChoices):
        CREATE = "create", _("登记")
        APPROVE = "approve", _("审批通过")
        DISBURSE = "disburse", _("放款")
        REFUSE = "refuse", _("不予批准")

    application = event_owner(LoanApplication)
    action, from_state, to_state = event_fields(Action, ApplicationState)

    class Meta(WorkflowEvent.Meta):
        verbose_name = verbose_name_plural = _("申请记录")


class DockingSetting(models.Model):
    """The settings 金融办 (or the office) edits, one row: how many days an application may wait."""

    waiting_days = models.PositiveSmallIntegerField(
        _("审批、放款超过多少天提示"),
        default=30,
        help_text=_("申请后超过该天数仍未审批，或审批后超过该天数仍未放款的申请，列为等待过久。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = actor_field(_("修改人"), null=True)

    class Meta:
        verbose_name = verbose_name_plural = _("银企对接设置")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "DockingSetting":
        return cls.objects.order_by("pk").first() or cls(waiting_days=30)


# The applications' export names its state filter (core.audit_messages).
audit_messages.register_filter("state", choices=ApplicationState.choices, exports=("docking_applications",))
