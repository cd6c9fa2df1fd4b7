"""What a user may do in assessment, review, supervision and site visits; every answer has its reason."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.permissions import Decision, allow, deny

from .models import RunState, VisitState


def _office(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.OFFICE)


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
