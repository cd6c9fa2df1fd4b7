from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

# (label, url name, icon, roles that see it). Pages check permission themselves; this only
# decides what the menu offers.
NAV_ITEMS = [
    (_("工作台"), "home", "speedometer2", None),
    (_("三年行动方案"), "programs:programme", "journal-text", None),
    (_("发展目标"), "programs:targets", "graph-up-arrow", (Role.OFFICE, Role.DEPARTMENT, Role.ADMIN)),
    (_("培育库"), "pools:overview", "collection", None),
    (
        _("入库申报"),
        "pools:nomination_list",
        "clipboard-check",
        (Role.TOWN, Role.OFFICE, Role.ENTERPRISE, Role.ADMIN),
    ),
    (_("审核队列"), "pools:review_queue", "check2-square", (Role.DEPARTMENT, Role.OFFICE)),
    (_("申报窗口"), "pools:windows", "calendar-range", (Role.OFFICE,)),
    (_("企业名录"), "enterprises:list", "building", (Role.TOWN, Role.OFFICE, Role.DEPARTMENT, Role.ADMIN)),
    (
        _("项目库"),
        "enterprises:project_list",
        "kanban",
        (Role.TOWN, Role.OFFICE, Role.DEPARTMENT, Role.ADMIN),
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
    (_("诚信总览"), "credit:overview", "shield-check", (Role.OFFICE, Role.DEPARTMENT)),
    (_("企业评级"), "credit:rating_list", "award", (Role.TOWN, Role.OFFICE, Role.DEPARTMENT)),
    (_("诚信记录"), "credit:record_list", "journal-x", (Role.DEPARTMENT, Role.OFFICE)),
    (_("信用异议"), "credit:appeal_list", "chat-square-text", (Role.DEPARTMENT, Role.OFFICE)),
    (_("我的诚信"), "credit:mine", "shield-check", (Role.ENTERPRISE,)),
    (_("基础数据"), "programs:reference", "diagram-3", (Role.OFFICE, Role.ADMIN)),
    (_("审计日志"), "audit_log", "shield-check", (Role.OFFICE, Role.ADMIN)),
    (_("账号管理"), "admin:accounts_user_changelist", "people", (Role.ADMIN,)),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for label, url_name, icon, roles in NAV_ITEMS:
        if roles is not None and user.role not in roles and not (user.is_superuser and Role.ADMIN in roles):
            continue
        items.append({"label": label, "url": reverse(url_name), "icon": icon, "active": False})
    # The current page belongs to the item with the longest matching path (/programme/targets/ is
    # 发展目标, not 三年行动方案).
    matches = [i for i in items if i["url"] != "/" and request.path.startswith(i["url"])]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    from core.models import Notification

    unread = Notification.objects.visible_to(user).unread().count()
    return {"nav_items": items, "unread_notifications": unread}
