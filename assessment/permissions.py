"""What a user may do in dispatch, assessment, review, supervision and site visits; every answer has its reason."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.permissions import Decision, allow, deny

from .models import RunState, VisitState


def _office(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.OFFICE)


def can_view(user) -> Decision:
    if user.is_authenticated and user.role in (Role.TOWN, Role.DEPARTMENT, Role.OFFICE, Role.ENTERPRISE):
        return allow()
    return deny(_("只有业务账号可以查看考核。"))


def can_manage(user) -> Decision:
    if _office(user):
        return allow()
    return deny(_("只有领导小组办公室可以管理考核、点评和督查。"))


def can_transition(user, instance, action: str) -> Decision:
    """The declared role of the move: the office, or ("unit") the town or department of a case."""
    from .workflow_assessment import WORKFLOWS

    transition = WORKFLOWS[type(instance)].get(action)
    if transition is None:
        return deny(_("未知操作。"))
    if transition.role == "unit":
        if user.is_authenticated and (
            (user.role == Role.TOWN and instance.town_id and user.town_id == instance.town_id)
            or (
                user.role == Role.DEPARTMENT
                and instance.department_id
                and user.department_id == instance.department_id
            )
        ):
            return allow()
        return deny(_("只有被督查的街镇或部门可以%(action)s。") % {"action": transition.label})
    if not _office(user):
        return deny(_("只有领导小组办公室可以%(action)s。") % {"action": transition.label})
    return allow()


def can_rate(user, score) -> Decision:
    """A rated item: the users of the indicator's rating department, while the run is being rated."""
    indicator = score.indicator
    if not indicator.is_rated:
        return deny(_("该指标由系统根据平台数据计算，不能手工评分。"))
    if not (
        user.is_authenticated
        and user.role == Role.DEPARTMENT
        and user.department_id == indicator.rater_department_id
    ):
        return deny(
            _("只有%(department)s可以为该指标评分。") % {"department": indicator.rater_department.name}
        )
    if score.result.run.state != RunState.RATING:
        return deny(_("考核已提交审核，不能再评分。"))
    return allow()


def can_view_rewards(user) -> Decision:
    """授信奖励 recommendations: the office, 区金融办 and the banks (financial departments)."""
    if _office(user):
        return allow()
    department = getattr(user, "department", None) if user.is_authenticated else None
    if (
        user.is_authenticated
        and user.role == Role.DEPARTMENT
        and department is not None
        and (department.kind == "financial" or department.code == "financial_office")
    ):
        return allow()
    return deny(_("授信奖励名单仅供领导小组办公室、区金融办和银行查看。"))


def can_score_visit(user, visit, members: set) -> Decision:
    if not (user.is_authenticated and user.pk in members):
        return deny(_("只有观摩组成员可以评分。"))
    if visit.state != VisitState.SCORING:
        return deny(_("观摩评分已结束。"))
    return allow()


def can_manage_dispatch(user) -> Decision:
    if _office(user):
        return allow()
    return deny(_("只有领导小组办公室可以生成、修改和印发调度通报。"))


def can_edit_dispatch(user, report) -> Decision:
    decision = can_manage_dispatch(user)
    if not decision:
        return decision
    if report.state != "draft":
        return deny(_("已印发的调度通报不能修改；如需更正，请印发更正通报。"))
    return allow()


def can_transition_dispatch(user, report, action: str) -> Decision:
    from .workflow import DISPATCH_REPORTS

    if DISPATCH_REPORTS.get(action) is None:
        return deny(_("未知操作。"))
    return can_manage_dispatch(user)


def can_correct_dispatch(user, report) -> Decision:
    decision = can_manage_dispatch(user)
    if not decision:
        return decision
    if report.state != "published":
        return deny(_("草稿可直接修改，无需更正。"))
    return allow()


def can_manage_schedules(user) -> Decision:
    if _office(user):
        return allow()
    return deny(_("只有领导小组办公室可以调整定时任务。"))


def can_manage_annual(user) -> Decision:
    if _office(user):
        return allow()
    return deny(_("只有领导小组办公室可以生成、修改和印发年度总结。"))


def can_edit_annual(user, summary) -> Decision:
    decision = can_manage_annual(user)
    if not decision:
        return decision
    if summary.state != "draft":
        return deny(_("已印发的年度总结不能修改。"))
    return allow()


def can_transition_annual(user, summary, action: str) -> Decision:
    from .workflow import ANNUAL_SUMMARIES

    if ANNUAL_SUMMARIES.get(action) is None:
        return deny(_("未知操作。"))
    return can_manage_annual(user)
