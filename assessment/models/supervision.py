"""Supervision (督查, 第25条): 通报批评, 约谈 and 诫勉谈话 against a town or department and its responsible
leader, each with its reason and the data that triggered it; escalation rules as data that propose a
case (never decide it); a rectification (整改) with a deadline, its report and its closing."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import at_least, code_unique_in
from core.models import TimeStampedModel, WorkflowEvent
from core.models_base import (
    ScopedQuerySet,
    actor_field,
    event_fields,
    event_owner,
    moment_field,
    note_field,
    order_field,
    relation,
    state_field,
)
from core.storage import get_private_storage
from programs.fields import programme_field

from .common import SubjectMixin, town_or_department_constraint, unit_scope
from .reviews import Colour


class CaseKind(models.TextChoices):
    CRITICISM = "criticism", _("通报批评")
    TALK = "talk", _("约谈")
    WARNING = "warning", _("诫勉谈话")


class EscalationRule(models.Model):
    """When a unit's quarterly rating is `colour` (or worse) in `quarters` quarters in a row, propose `kind`."""

    programme = programme_field(_("方案"), on_delete=models.CASCADE, related_name="escalation_rules")
    code = models.SlugField(_("代码"), max_length=40)
    colour = models.CharField(_("评价"), max_length=8, choices=Colour.choices)
    quarters = models.PositiveSmallIntegerField(_("连续季度数"))
    propose = models.CharField(_("建议措施"), max_length=12, choices=CaseKind.choices)
    reason = models.CharField(_("理由"), max_length=300)
    source = models.CharField(_("依据"), max_length=300, blank=True)
    order = order_field()

    class Meta:
        verbose_name = verbose_name_plural = _("督查升级规则")
        ordering = ["programme", "order", "id"]
        constraints = [
            code_unique_in("programme", "escalation_rule_code_once"),
            at_least("quarters", 1, "escalation_quarters_positive"),
        ]

    def __str__(self):
        return self.code


class CaseState(models.TextChoices):
    PROPOSED = "proposed", _("建议")
    OPEN = "open", _("整改中")
    REPORTED = "reported", _("已报整改")
    CLOSED = "closed", _("已销号")
    DISMISSED = "dismissed", _("不予采纳")


class CaseQuerySet(ScopedQuerySet):
    """The office: all, proposals included. A town or department: its own decided cases. Others: none."""

    def scope(self, user) -> Q:
        return unit_scope(user, lambda own: own & ~Q(state__in=[CaseState.PROPOSED, CaseState.DISMISSED]))


def case_open_at(moment) -> Q:
    """A decided case not yet closed at `moment` (exclusive): registered before it, not a proposal or
    dismissed, its 销号 (closed_at) not before it. What the cockpit counts for the end of a month and
    the case list filters by `as_of`."""
    return (
        Q(created_at__lt=moment)
        & ~Q(state__in=[CaseState.PROPOSED, CaseState.DISMISSED])
        & (Q(closed_at__gte=moment) | (Q(closed_at__isnull=True) & ~Q(state=CaseState.CLOSED)))
    )


def case_overdue_at(moment, day) -> Q:
    """Open at `moment`, its rectification not reported by then (still 整改中, or reported after it)
    and its deadline before `day`."""
    return case_open_at(moment) & (Q(state=CaseState.OPEN) | Q(reported_at__gte=moment)) & Q(deadline__lt=day)


def rectification_path(instance, filename):
    return f"assessment/rectification/{instance.pk}/{uuid.uuid4().hex}/{filename}"


class SupervisionCase(SubjectMixin, TimeStampedModel):
    programme = programme_field(_("方案"))
    kind = models.CharField(_("措施"), max_length=12, choices=CaseKind.choices)
    state = state_field(CaseState.OPEN)
    leader_name = models.CharField(_("责任领导"), max_length=40, blank=True)
    leader_post = models.CharField(_("职务"), max_length=60, blank=True)
    reason = models.TextField(_("理由"))
    # What triggered it: {"rule": "code", "ratings": [{"review": id, "year": …, "quarter": …, "colour": …}]}
    trigger = models.JSONField(_("触发数据"), default=dict, blank=True)
    rule = relation(EscalationRule, _("升级规则"), on_delete=models.SET_NULL, optional=True)
    # rule code, unit and the last quarter: a rule proposes a measure once for the same quarters.
    trigger_key = models.CharField(max_length=100, blank=True, editable=False)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    report_text = note_field(_("整改情况"))
    report_file = models.FileField(
        _("整改报告"), storage=get_private_storage, upload_to=rectification_path, max_length=200, blank=True
    )
    report_name = models.CharField(_("报告文件名"), max_length=200, blank=True)
    reported_at = moment_field(_("报送时间"))
    closed_at = moment_field(_("销号时间"))
    created_by = actor_field(_("登记人"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("督查事项")
        ordering = ["-created_at", "-id"]
        constraints = [
            town_or_department_constraint("case_one_unit"),
            models.UniqueConstraint(
                fields=["trigger_key"], condition=~Q(trigger_key=""), name="case_proposed_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.unit_name}"


class CaseEvent(WorkflowEvent):
    class Action(models.TextChoices):
        CREATE = "create", _("登记")
        PROPOSE = "propose", _("建议")
        DECIDE = "decide", _("决定")
        DISMISS = "dismiss", _("不予采纳")
        REPORT = "report", _("报送整改")
        RETURN = "return", _("退回整改")
        CLOSE = "close", _("销号")

    case = event_owner(SupervisionCase)
    action, from_state, to_state = event_fields(Action, CaseState)

    class Meta(WorkflowEvent.Meta):
        pass
