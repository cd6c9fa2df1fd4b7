from django.db.models import OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import ADMIN_ROLES, BUSINESS_ROLES, Role

# (label, url name, icon, roles that see it; None: every business role). Pages check permission
# themselves; this only decides what the menu offers. The three administrators see their own tools
# only (三员分立).
NAV_ITEMS = [
    (_("工作台"), "home", "speedometer2", (*BUSINESS_ROLES, *ADMIN_ROLES)),
    (_("领导驾驶舱"), "cockpit:index", "display", (Role.OFFICE, Role.TOWN, Role.DEPARTMENT)),
    (_("三年行动方案"), "programs:programme", "journal-text", None),
    (_("发展目标"), "programs:targets", "graph-up-arrow", (Role.OFFICE, Role.DEPARTMENT)),
    (_("培育库"), "pools:overview", "collection", None),
    (
        _("入库申报"),
        "pools:nomination_list",
        "clipboard-check",
        (Role.TOWN, Role.OFFICE, Role.ENTERPRISE),
    ),
    (_("审核队列"), "pools:review_queue", "check2-square", (Role.DEPARTMENT, Role.OFFICE)),
    (_("申报窗口"), "pools:windows", "calendar-range", (Role.OFFICE,)),
    (_("企业名录"), "enterprises:list", "building", (Role.TOWN, Role.OFFICE, Role.DEPARTMENT)),
    (
        _("项目库"),
        "enterprises:project_list",
        "kanban",
        (Role.TOWN, Role.OFFICE, Role.DEPARTMENT),
    ),
    (_("我的企业"), "enterprises:mine", "building-check", (Role.ENTERPRISE,)),
    (
        _("月度报告"),
        "reporting:report_list",
        "calendar2-check",
        (Role.TOWN, Role.OFFICE, Role.DEPARTMENT, Role.ENTERPRISE),
    ),
    (_("本企业数据"), "reporting:figures_mine", "bar-chart-line", (Role.ENTERPRISE,)),
    (_("逾期情况"), "reporting:late", "alarm", (Role.TOWN, Role.OFFICE, Role.DEPARTMENT)),
    (_("统计数据导入"), "reporting:imports", "database-up", (Role.DEPARTMENT, Role.OFFICE)),
    (_("企业账号"), "reporting:accounts", "person-plus", (Role.TOWN,)),
    (_("报送日历"), "reporting:calendars", "calendar3", (Role.OFFICE,)),
    (_("调度通报"), "assessment:dispatch_list", "megaphone", (Role.TOWN, Role.OFFICE, Role.DEPARTMENT)),
    (_("年度总结"), "assessment:annual_list", "journal-text", (Role.TOWN, Role.OFFICE, Role.DEPARTMENT)),
    (_("诚信总览"), "credit:overview", "shield-check", (Role.OFFICE, Role.DEPARTMENT)),
    (_("企业评级"), "credit:rating_list", "award", (Role.TOWN, Role.OFFICE, Role.DEPARTMENT)),
    (_("诚信记录"), "credit:record_list", "journal-x", (Role.DEPARTMENT, Role.OFFICE)),
    (_("信用异议"), "credit:appeal_list", "chat-square-text", (Role.DEPARTMENT, Role.OFFICE)),
    (_("我的诚信"), "credit:mine", "shield-check", (Role.ENTERPRISE,)),
    (
        _("考核督查"),
        "assessment:run_list",
        "clipboard-data",
        (Role.TOWN, Role.DEPARTMENT, Role.OFFICE, Role.ENTERPRISE),
    ),
    (_("银企对接"), "docking:home", "bank", (Role.OFFICE, Role.DEPARTMENT, Role.TOWN, Role.BANK)),
    (_("本企业融资"), "docking:mine", "bank", (Role.ENTERPRISE,)),
    (_("转型升级基金"), "funds:overview", "bank", (Role.OFFICE, Role.DEPARTMENT)),
    (
        _("过桥还贷"),
        "funds:bridge_list",
        "arrow-left-right",
        (Role.TOWN, Role.OFFICE, Role.DEPARTMENT, Role.ENTERPRISE, Role.BANK),
    ),
    (_("融资担保"), "guarantees:list", "bank", (Role.BANK, Role.OFFICE, Role.DEPARTMENT)),
    (_("产业引导基金"), "guidance:list", "piggy-bank", (Role.OFFICE, Role.DEPARTMENT)),
    (_("基础数据"), "programs:reference", "diagram-3", (Role.OFFICE, Role.ADMIN)),
    (_("账号管理"), "admin:accounts_user_changelist", "people", (Role.ADMIN,)),
    (_("账号锁定"), "accounts:security_lockouts", "lock", (Role.SECURITY_ADMIN,)),
    (_("API 令牌"), "accounts:security_tokens", "key", (Role.SECURITY_ADMIN,)),
    (_("两步验证"), "accounts:security_two_factor", "phone", (Role.SECURITY_ADMIN,)),
    (_("安全策略"), "accounts:security_policy", "shield-lock", (Role.SECURITY_ADMIN,)),
    (_("审计日志"), "audit_log", "shield-check", (Role.AUDIT_ADMIN,)),
    (_("帮助"), "help", "question-circle", (*BUSINESS_ROLES, *ADMIN_ROLES)),
]


def _department_facts(user):
    """What a department's menu depends on, in one query: its department (kept on the user, so the
    checks below read it without a query), the first statistics column it imports, whether it is the
    source of a kind of credit record, and the user's unread notifications. None without a department."""
    from django.db.models import Count, Exists, Subquery
    from django.db.models.functions import Coalesce

    from core.models import Notification
    from credit.models import RecordKind
    from programs.models import Department
    from reporting.selectors import grants_of

    unread = (
        Notification.objects.visible_to(user).unread().order_by().values("recipient").annotate(n=Count("pk"))
    )
    department = (
        Department.objects.filter(pk=user.department_id)
        .annotate(
            first_column=Subquery(grants_of(OuterRef("code")).values("metric")[:1]),
            is_credit_source=Exists(RecordKind.objects.writable_by(user)),
            unread=Coalesce(Subquery(unread.values("n")[:1]), 0),
        )
        .first()
    )
    if department is not None:
        user.department = department
    return department


def _hidden_for(user, department) -> set[str]:
    """Entries that depend on more than the role (a department that is the source of no statistics or
    credit records, or is no fund overseer, cannot open those pages): each page's own permission,
    asked with the facts already read."""
    from credit import permissions as credit_permissions
    from funds.permissions import is_fund_overseer
    from reporting import permissions as reporting_permissions

    granted = [department.first_column] if department.first_column else []
    overseer = is_fund_overseer(user)  # the agency, 金融办 and 财政局 among the departments
    allowed = {
        "reporting:imports": bool(reporting_permissions.can_view_imports(user, granted)),
        "credit:record_list": bool(
            credit_permissions.can_view_records(user, is_source=department.is_credit_source)
        ),
        "credit:appeal_list": bool(
            credit_permissions.can_view_appeal_queue(user, is_source=department.is_credit_source)
        ),
        "funds:overview": overseer,
        "guidance:list": overseer,
        "guarantees:list": overseer,
    }
    return {name for name, ok in allowed.items() if not ok}


def _menu_facts(request, user) -> tuple[set[str], int]:
    """(entries hidden from this user, unread notifications), derived on every request and kept on
    the request (a page asks once however many templates it renders). A department's entries follow
    its grants: a grant the office changes shows on its next page, without signing in again."""
    from core.models import Notification

    facts = getattr(request, "_menu_facts", None)
    if facts is None:
        department = _department_facts(user) if user.role == Role.DEPARTMENT and user.department_id else None
        if department is not None:
            facts = (_hidden_for(user, department), department.unread)
        else:
            facts = (set(), Notification.objects.visible_to(user).unread().count())
        request._menu_facts = facts
    return facts


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    hidden, unread = _menu_facts(request, user)
    for label, url_name, icon, roles in NAV_ITEMS:
        if roles is None:
            roles = BUSINESS_ROLES
        if user.role not in roles and not (user.is_superuser and Role.ADMIN in roles):
            continue
        if url_name in hidden:
            continue
        items.append({"label": label, "url": reverse(url_name), "icon": icon, "active": False})
    # The current page belongs to the item with the longest matching path (/programme/targets/ is
    # 发展目标, not 三年行动方案).
    matches = [i for i in items if i["url"] != "/" and request.path.startswith(i["url"])]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_items": items, "unread_notifications": unread}
