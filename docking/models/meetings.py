"""银企对话会 (one-to-one, point-to-point) and the intentions recorded there."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import positive
from core.models import TimeStampedModel, WorkflowEvent
from core.models_base import (
    actor_field,
    event_fields,
    event_owner,
    note_field,
    one_to_one,
    relation,
    state_field,
    wan_yuan_field,
)
from enterprises.fields import enterprise_field
from enterprises.models import Enterprise
from programs.models import Bank

from .scope import DockingScopedQuerySet, _role, docking_scope, oversees_docking


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("计划召开")
    HELD = "held", _("已召开")
    CLOSED = "closed", _("已结束跟踪")


class MeetingForm(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("一对一")
    POINT_TO_POINT = "point", _("点对点")
    GROUP = "group", _("集中对接")


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """金融办 and the office: all. A bank: those it was invited to. An enterprise: those it was
        invited to. A town: those its enterprises were invited to. Anyone else: none."""
        Role = _role()
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if oversees_docking(user):
            return self
        if user.role == Role.BANK:
            return self.filter(
                pk__in=Meeting.banks.through.objects.filter(bank_id=user.bank_id).values("meeting_id")
            )
        if user.role in (Role.ENTERPRISE, Role.TOWN):
            invited = Meeting.enterprises.through.objects.filter(
                docking_scope(user, bank="pk", enterprise="enterprise")
            )
            return self.filter(pk__in=invited.values("meeting_id"))
        return self.none()


class Meeting(TimeStampedModel):
    title = models.CharField(_("名称"), max_length=100)
    form = models.CharField(
        _("形式"), max_length=12, choices=MeetingForm.choices, default=MeetingForm.ONE_TO_ONE
    )
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100)
    state = state_field(MeetingState.PLANNED)
    banks = models.ManyToManyField(Bank, verbose_name=_("邀请银行"), related_name="docking_meetings")
    enterprises = models.ManyToManyField(
        Enterprise, verbose_name=_("邀请企业"), related_name="docking_meetings"
    )
    notes = note_field()
    organised_by = actor_field(_("组织人"))

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("银企对话会")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["state", "-held_on"], name="meeting_state_date_idx")]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class MeetingEvent(WorkflowEvent):
    class Action(models.TextChoices):
        CREATE = "create", _("创建")
        HOLD = "hold", _("召开")
        CLOSE = "close", _("结束跟踪")

    meeting = event_owner(Meeting)
    action, from_state, to_state = event_fields(Action, MeetingState)

    class Meta(WorkflowEvent.Meta):
        verbose_name = verbose_name_plural = _("对话会记录")


class IntentionState(models.TextChoices):
    OPEN = "open", _("跟踪中")
    CONVERTED = "converted", _("已转贷款申请")
    DROPPED = "dropped", _("已终止")


class EndReason(models.TextChoices):
    """Why an intention ended without a loan (the list 金融办 reports upward)."""

    NO_NEED = "no_need", _("企业暂无融资需求")
    COLLATERAL = "collateral", _("抵押担保不足")
    CREDIT = "credit", _("不符合信贷条件")
    RISK = "risk", _("未通过银行风控审查")
    OTHER_BANK = "other_bank", _("已在其他银行融资")
    TERMS = "terms", _("利率期限未达成一致")
    BLACKLIST = "blacklist", _("企业在诚信黑名单上")
    OTHER = "other", _("其他原因")


class IntentionQuerySet(DockingScopedQuerySet):
    """金融办 and the office: all. A bank: its own. An enterprise: its own. A town: its enterprises'.
    Anyone else: none."""


class Intention(TimeStampedModel):
    """A bank–enterprise intention (融资意向) recorded at a meeting, followed to a loan or a reason."""

    meeting = relation(Meeting, _("对话会"), related_name="intentions")
    bank = models.ForeignKey(Bank, verbose_name=_("银行"), on_delete=models.PROTECT, related_name="+")
    enterprise = enterprise_field(_("企业"), related_name="docking_intentions")
    amount = wan_yuan_field(_("意向金额（万元）"))
    product = models.CharField(_("信贷产品"), max_length=60)
    contact = models.CharField(_("联系人"), max_length=60)
    state = state_field(IntentionState.OPEN)
    application = one_to_one(
        "docking.LoanApplication", _("贷款申请"), related_name="intention", optional=True
    )
    end_reason = models.CharField(_("终止原因"), max_length=12, choices=EndReason.choices, blank=True)
    end_note = models.CharField(_("终止说明"), max_length=300, blank=True)
    recorded_by = actor_field(_("登记人"))

    objects = IntentionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("融资意向")
        ordering = ["meeting", "bank__order", "id"]
        constraints = [
            positive("amount", "intention_amount_positive"),
            models.CheckConstraint(
                name="intention_outcome_matches_state",
                condition=(
                    Q(state="open", application__isnull=True, end_reason="")
                    | Q(state="converted", application__isnull=False, end_reason="")
                    | Q(state="dropped", application__isnull=True) & ~Q(end_reason="")
                ),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise.name} · {self.bank.name}"


class IntentionEvent(WorkflowEvent):
    class Action(models.TextChoices):
        CREATE = "create", _("登记")
        CONVERT = "convert", _("转贷款申请")
        DROP = "drop", _("终止")

    intention = event_owner(Intention)
    action, from_state, to_state = event_fields(Action, IntentionState)

    class Meta(WorkflowEvent.Meta):
        verbose_name = verbose_name_plural = _("意向记录")
