"""The security administrator's pages: lockouts (unlock), API tokens (revoke), authenticators (reset when a
phone is lost), the policy in force. The security administrator is not staff: these are portal pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require

from . import selectors, services
from .models import User
from .permissions import can_manage_security


def _page(request, template: str, **context):
    """A page of the security administrator's (its reads are the selectors')."""
    require(can_manage_security(request.user))
    return render(request, template, context)


def _act(request, rows, pk, act, back: str):
    """An action on one row of a list (`rows`, the selector's): the security administrator only; `act`
    takes the row and words what was done, the administrator reads it and goes back to the list."""
    require(can_manage_security(request.user))
    messages.success(request, act(get_object_or_404(rows, pk=pk)))
    return redirect(back)


@login_required
def lockouts(request):
    return _page(request, "accounts/security_lockouts.html", lockouts=selectors.locked_out_attempts())


@require_POST
@login_required
def lockout_clear(request, pk):
    def clear(attempt):
        services.lockout_clear(attempt=attempt, actor=request.user)
        return _("已解除“%(username)s”的锁定。") % {"username": attempt.username}

    return _act(request, selectors.locked_out_attempts(), pk, clear, "accounts:security_lockouts")


@login_required
def tokens(request):
    return _page(request, "accounts/security_tokens.html", accounts=selectors.accounts_with_api_tokens())


@require_POST
@login_required
def tokens_revoke(request, pk):
    def revoke(user):
        count = services.api_tokens_revoke_all(user=user, actor=request.user, reason="security administrator")
        return _("已撤销“%(username)s”的 %(count)d 个 API 令牌。") % {
            "username": user.username,
            "count": count,
        }

    return _act(request, User.objects.all(), pk, revoke, "accounts:security_tokens")


@login_required
def two_factor(request):
    return _page(request, "accounts/security_two_factor.html", accounts=selectors.accounts_with_two_factor())


@require_POST
@login_required
def two_factor_reset(request, pk):
    def reset(user):
        services.two_factor_reset(actor=request.user, user=user)
        return _("已重置“%(username)s”的两步验证，本人下次登录时重新绑定。") % {"username": user.username}

    return _act(request, selectors.accounts_with_two_factor(), pk, reset, "accounts:security_two_factor")


@login_required
def policy(request):
    return _page(request, "accounts/security_policy.html", policy=selectors.security_policy())
