"""Shared by the modules of this package."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .. import permissions


@login_required
def home(request):
    """The credit page of the user's role."""
    user = request.user
    if permissions.can_view_own_credit(user):
        return redirect("credit:mine")
    if permissions.can_view_overview(user):
        return redirect("credit:overview")
    if permissions.can_list_ratings(user):
        return redirect("credit:rating_list")
    raise PermissionDenied(_("当前角色无权访问企业诚信。"))
