"""What a user may do with credit records, objections, ratings, the model and the blacklist.
Every answer carries its reason; pages, the API and services use the same checks."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.permissions import Decision, allow, deny

from .models import AppealState, RecordKind, RecordStatus, is_credit_owner, reads_all_records


def _active(user, *roles) -> bool:
    return user.is_authenticated and user.is_active and user.role in roles


def is_source_of(user, kind: RecordKind) -> bool:
    return (
        _active(user, Role.DEPARTMENT)
        and RecordKind.objects.filter(pk=kind.pk, departments=user.department_id).exists()
    )


# --- records ---------------------------------------------------------------------------------------


def _keeps_records(user, is_source: bool | None) -> bool:
    """区金融办, or a department that is the source of a kind (`is_source`: already known, no query)."""
    if is_credit_owner(user):
        return True
    return RecordKind.objects.writable_by(user).exists() if is_source is None else is_source


def can_view_records(user, *, is_source: bool | None = None) -> Decision:
    if _active(user, Role.OFFICE, Role.ENTERPRISE):
        return allow()
    if _active(user, Role.DEPARTMENT) and _keeps_records(user, is_source):
        return allow()
    return deny(_("只有信用信息来源部门、区金融办、领导小组办公室和企业本身可以查看信用记录。"))


def can_create_records(user) -> Decision:
    """A department that is the source of at least one kind."""
    if _active(user, Role.DEPARTMENT) and RecordKind.objects.writable_by(user).exists():
        return allow()
    return deny(_("只有信用信息来源部门可以录入信用记录。"))


def can_create_record(user, kind: RecordKind) -> Decision:
    if not _active(user, Role.DEPARTMENT):
        return deny(_("只有信用信息来源部门可以录入信用记录。"))
    if not is_source_of(user, kind):
        return deny(_("本部门不是“%(kind)s”的信息来源部门，不能录入该类记录。") % {"kind": kind.name})
    return allow()


def can_withdraw_record(user, record) -> Decision:
    if not (_active(user, Role.DEPARTMENT) and user.department_id == record.source_department_id):
        return deny(_("只有记录的来源部门可以撤销该记录。"))
    if record.status == RecordStatus.WITHDRAWN:
        return deny(_("该记录已撤销。"))
    return allow()


def can_view_record_details(user, enterprise) -> Decision:
    """Titles, document numbers and descriptions of an enterprise's records (not just their effect)."""
    if reads_all_records(user):
        return allow()
    if _active(user, Role.ENTERPRISE) and user.enterprise_id == enterprise.pk:
        return allow()
    return deny(_("记录详情仅向来源部门、区金融办、领导小组办公室和企业本身公开。"))


# --- objections ------------------------------------------------------------------------------------


def can_appeal(user, record) -> Decision:
    if not (_active(user, Role.ENTERPRISE) and user.enterprise_id == record.enterprise_id):
        return deny(_("只有记录所涉企业可以提出异议。"))
    if record.status == RecordStatus.WITHDRAWN:
        return deny(_("该记录已撤销，无需提出异议。"))
    if record.status == RecordStatus.DISPUTED:
        return deny(_("该记录已有待处理的异议，请等待来源部门处理。"))
    return allow()


def can_decide_appeal(user, appeal) -> Decision:
    if not (_active(user, Role.DEPARTMENT) and user.department_id == appeal.record.source_department_id):
        return deny(_("只有记录的来源部门可以处理该异议。"))
    if appeal.state != AppealState.PENDING:
        return deny(_("该异议已处理（%(state)s）。") % {"state": appeal.get_state_display()})
    return allow()


def can_view_appeal_queue(user, *, is_source: bool | None = None) -> Decision:
    if _active(user, Role.OFFICE) or (_active(user, Role.DEPARTMENT) and _keeps_records(user, is_source)):
        return allow()
    return deny(_("只有信用信息来源部门、区金融办和领导小组办公室可以查看异议处理队列。"))


# --- ratings, model, blacklist ---------------------------------------------------------------------


def can_view_ratings(user) -> Decision:
    if _active(user, Role.OFFICE, Role.DEPARTMENT, Role.TOWN, Role.ENTERPRISE):
        return allow()
    return deny(_("当前角色不能查看诚信评级。"))


def can_list_ratings(user) -> Decision:
    """The list of enterprises with their ratings: the office, departments and towns; an enterprise has
    its own credit page instead."""
    if _active(user, Role.OFFICE, Role.DEPARTMENT, Role.TOWN):
        return allow()
    return deny(_("当前角色不能查看诚信评级。"))


def can_view_own_credit(user) -> Decision:
    if _active(user, Role.ENTERPRISE) and user.enterprise_id is not None:
        return allow()
    return deny(_("只有企业账号有“我的诚信”。"))


def can_rate(user) -> Decision:
    """Rate on demand (one enterprise or all): the office and 区金融办."""
    if reads_all_records(user):
        return allow()
    return deny(_("只有区金融办和领导小组办公室可以发起评级。"))


def can_view_overview(user) -> Decision:
    if _active(user, Role.OFFICE, Role.DEPARTMENT):
        return allow()
    return deny(_("诚信总览仅向领导小组办公室和各部门开放。"))


def can_view_scoring_model(user) -> Decision:
    if reads_all_records(user):
        return allow()
    return deny(_("评分模型仅向区金融办和领导小组办公室开放。"))


def can_publish_model(user) -> Decision:
    if is_credit_owner(user):
        return allow()
    return deny(_("只有区金融办可以发布评分模型。"))


def can_manage_blacklist(user) -> Decision:
    if is_credit_owner(user):
        return allow()
    return deny(_("只有区金融办可以管理黑名单。"))
