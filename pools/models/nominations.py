"""The nomination (入库申报), its states, its scoping and its history."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import audit_messages
from core.models import TimeStampedModel, WorkflowEvent
from core.models_base import (
    actor_field,
    event_fields,
    event_index,
    event_owner,
    moment_field,
    note_field,
    year_field,
)
from enterprises.fields import enterprise_field, project_field
from enterprises.models import Project
from programs.fields import pool_field, programme_field, town_field
from programs.models import Pool


class NominationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    APPROVED = "approved", _("已入库")
    REJECTED = "rejected", _("未通过")
    RETURNED = "returned", _("退回修改")
    WITHDRAWN = "withdrawn", _("已撤回")


def department_pools(user):
    """The pools a department user leads or is responsible for (a subquery of pool ids)."""
    return Pool.objects.filter(
        Q(lead_departments=user.department_id) | Q(responsible_departments=user.department_id)
    ).values("pk")


def ever_submitted() -> Q:
    """A nomination the town has submitted at least once: a draft is the town's own until then.
    The states after submission count too, for rows written without a submission time."""
    S = NominationState
    return Q(submitted_at__isnull=False) | Q(state__in=[S.SUBMITTED, S.APPROVED, S.REJECTED, S.RETURNED])


def state_at(moment) -> dict[str, Q]:
    """Each state's condition on a nomination at `moment` (exclusive), from its timestamps: what the
    cockpit counts for the end of a past month and what the nomination list filters by `as_of`.

    A nomination exists from `created_at`. One now approved, rejected or returned was so from its
    decision (`decided_at`, else its last change), submitted from `submitted_at` until then, a draft
    before; one now submitted was submitted from `submitted_at`, returned before that if a decision
    (a return) came first, else a draft; one withdrawn was so from its last change, submitted or a
    draft before. A history of several returns counts as its last round."""
    S = NominationState
    exists = Q(created_at__lt=moment)
    sent = Q(submitted_at__lt=moment)
    decided = Q(decided_at__lt=moment) | Q(decided_at__isnull=True, updated_at__lt=moment)
    withdrawn = Q(state=S.WITHDRAWN, updated_at__lt=moment)
    states = {
        S.APPROVED: Q(state=S.APPROVED) & decided,
        S.REJECTED: Q(state=S.REJECTED) & decided,
        S.RETURNED: (Q(state=S.RETURNED) & decided) | (Q(state=S.SUBMITTED, decided_at__lt=moment) & ~sent),
        S.WITHDRAWN: withdrawn,
        S.SUBMITTED: sent
        & (
            Q(state=S.SUBMITTED)
            | (Q(state__in=[S.APPROVED, S.REJECTED, S.RETURNED]) & ~decided)
            | (Q(state=S.WITHDRAWN) & ~withdrawn)
        ),
    }
    later = Q()
    for condition in states.values():
        later |= condition
    states[S.DRAFT] = exists & ~later
    return {state: exists & condition for state, condition in states.items()}


def in_pool_at(moment) -> Q:
    """An entry of the pool at `moment`: approved by then and not removed before it."""
    return state_at(moment)[NominationState.APPROVED] & (
        Q(removed_at__isnull=True) | Q(removed_at__gte=moment)
    )


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides which nominations a user may see (allow-list by business role).

        The office: all. The nominating town: its own, drafts included. A department: those submitted
        to the pools it leads or is responsible for (a returned one stays visible). The enterprise: its
        own, once submitted. Any other role (the administrators): none."""
        from accounts.models import Role

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.OFFICE:
            return self
        if user.role == Role.TOWN:
            return self.filter(town_id=user.town_id)
        if user.role == Role.DEPARTMENT:
            # A subquery, not a join: no duplicate rows, so counts and aggregates stay right.
            return self.filter(ever_submitted(), pool_id__in=department_pools(user))
        if user.role == Role.ENTERPRISE:
            # its projects' ids read first: "enterprise or project in a short list" is two index scans,
            # where a join to the projects made the database walk every nomination
            projects = list(
                Project.objects.filter(enterprise_id=user.enterprise_id).values_list("pk", flat=True)
            )
            return self.filter(Q(enterprise_id=user.enterprise_id) | Q(project_id__in=projects)).filter(
                ever_submitted()
            )
        return self.none()

    def in_pool(self):
        """Entries of the pool: approved and not removed since."""
        return self.filter(state=NominationState.APPROVED, removed_at__isnull=True)


class Nomination(TimeStampedModel):
    programme = programme_field(_("方案"))
    year = year_field()
    pool = pool_field(_("培育库"), related_name="nominations")
    town = town_field(_("申报街镇"), related_name="nominations")
    enterprise = enterprise_field(_("企业"), related_name="nominations", optional=True)
    project = project_field(_("项目"), related_name="nominations", optional=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=NominationState.choices, default=NominationState.DRAFT
    )
    # Figures the pool's quantitative criteria compare: {metric_code: "decimal string"}, and where
    # each came from: {metric_code: {"source": "...", "period": "..."}}.
    metrics = models.JSONField(_("申报数据"), default=dict, blank=True)
    metric_sources = models.JSONField(_("数据来源"), default=dict, blank=True)
    eligible = models.BooleanField(_("符合认定标准"), null=True, blank=True)
    fails_quantitative = models.BooleanField(_("定量标准不符"), default=False)
    path_plan = note_field(_("路径解决方案"))
    explanation = note_field(_("不符合标准的说明"))
    submitted_at = moment_field(_("提交时间"))
    decided_at = moment_field(_("审核时间"))
    decided_by = actor_field(_("审核人"), null=True, blank=True)
    removed_at = moment_field(_("移出时间"))
    removed_reason = models.CharField(_("移出原因"), max_length=300, blank=True)
    created_by = actor_field(_("填报人"), null=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("入库申报")
        ordering = ["-year", "pool__order", "-updated_at"]
        indexes = [
            models.Index(fields=["year", "pool", "state"], name="nomination_year_pool_state_idx"),
            models.Index(fields=["town", "year", "state"], name="nomination_town_year_idx"),
            models.Index(fields=["state", "-submitted_at"], name="nomination_queue_idx"),
            # The review queue: a department's pools, submitted, oldest first.
            models.Index(fields=["pool", "state", "submitted_at"], name="nomination_pool_queue_idx"),
            models.Index(fields=["eligible"], name="nomination_eligible_idx"),
            # The nominations list (selectors.LIST_ORDER), district-wide and a town's; recent decisions.
            models.Index(fields=["-year", "-updated_at", "-id"], name="nomination_list_idx"),
            models.Index(fields=["town", "-year", "-updated_at", "-id"], name="nomination_town_list_idx"),
            models.Index(fields=["-decided_at"], name="nomination_decided_idx"),
            # A pool's entries by pool, read from the index alone: the recount of the departments'
            # enterprises (pools/reach.py, which reporting's enterprise_scope reads) when a pool's
            # departments change
            models.Index(
                fields=["pool", "enterprise"],
                name="nomination_in_pool_ent_idx",
                condition=Q(state="approved", removed_at__isnull=True, enterprise__isnull=False),
            ),
            models.Index(
                fields=["pool", "project"],
                name="nomination_in_pool_proj_idx",
                condition=Q(state="approved", removed_at__isnull=True, project__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="nomination_one_subject",
                condition=(
                    Q(enterprise__isnull=False, project__isnull=True)
                    | Q(enterprise__isnull=True, project__isnull=False)
                ),
            ),
            # Not twice in the same pool-year (a withdrawn nomination may be made again).
            models.UniqueConstraint(
                fields=["pool", "year", "enterprise"],
                condition=~Q(state="withdrawn") & Q(enterprise__isnull=False),
                name="nomination_enterprise_once_per_pool_year",
            ),
            models.UniqueConstraint(
                fields=["pool", "year", "project"],
                condition=~Q(state="withdrawn") & Q(project__isnull=False),
                name="nomination_project_once_per_pool_year",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.pool.name} · {self.subject}"

    @property
    def subject(self):
        return self.enterprise if self.enterprise_id else self.project

    @property
    def subject_enterprise_id(self):
        return self.enterprise_id or (self.project.enterprise_id if self.project_id else None)

    @property
    def was_submitted(self) -> bool:
        """The Python side of ever_submitted(): the town has submitted it at least once."""
        S = NominationState
        return self.submitted_at is not None or self.state in (
            S.SUBMITTED,
            S.APPROVED,
            S.REJECTED,
            S.RETURNED,
        )

    @property
    def in_pool(self) -> bool:
        return self.state == NominationState.APPROVED and self.removed_at is None


class NominationEvent(WorkflowEvent):
    """The nomination's history: every transition and comment, shown on the nomination."""

    class Action(models.TextChoices):
        CREATE = "create", _("创建")
        EDIT = "edit", _("修改")
        SUBMIT = "submit", _("提交")
        APPROVE = "approve", _("通过")
        OVERRIDE = "override", _("超额批准入库")
        REJECT = "reject", _("不通过")
        RETURN = "return", _("退回")
        WITHDRAW = "withdraw", _("撤回")
        COMMENT = "comment", _("意见")
        REVIEW = "review", _("核查标准")
        REMOVE = "remove", _("移出培育库")

    nomination = event_owner(Nomination)
    action, from_state, to_state = event_fields(Action, NominationState)

    class Meta(WorkflowEvent.Meta):
        indexes = [event_index("nomination", "event_nomination_idx")]

    def __str__(self):
        return f"{self.get_action_display()} {self.comment}"[:100]


# The nominations' exports name their state filter (core.audit_messages).
audit_messages.register_filter(
    "state", choices=NominationState.choices, exports=("nominations", "review_queue")
)
