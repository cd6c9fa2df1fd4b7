"""帮助: what each role does in the portal, in the order the work comes, with links to the pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.models import ADMIN_ROLES, Role

TOPICS = {
    Role.TOWN: "core/help/town.html",
    Role.DEPARTMENT: "core/help/department.html",
    Role.OFFICE: "core/help/office.html",
    Role.ENTERPRISE: "core/help/enterprise.html",
}


@login_required
def help_page(request):
    """The help of the user's own role (the administrators share one)."""
    role = request.user.role
    if role in ADMIN_ROLES or request.user.is_superuser:
        topic = "core/help/admin.html"
    else:
        topic = TOPICS.get(role, "core/help/general.html")
    return render(request, "core/help.html", {"topic": topic})
