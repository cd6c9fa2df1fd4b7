from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from core.forms import BootstrapFormMixin
from core.web import errors_to_form

from . import policy, selectors, services, sign_in
from .forms import LoginForm, TwoFactorCodeForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "idle_minutes": settings.SESSION_COOKIE_AGE // 60}

    def get_success_url(self):
        # The password was right; an account with an authenticator (or required to have one) takes the
        # second step before the page it asked for.
        url = super().get_success_url()
        step = sign_in.two_factor_step(self.request)
        return f"{reverse(step)}?{urlencode({REDIRECT_FIELD_NAME: url})}" if step else url


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "expired": bool(self.request.session.get(sign_in.PASSWORD_EXPIRED)),
            "max_age_days": settings.PASSWORD_MAX_AGE_DAYS,
        }

    def form_valid(self, form):
        from .services import user_password_changed

        response = super().form_valid(form)
        self.request.session.pop(sign_in.PASSWORD_EXPIRED, None)
        # One audit row, and the account's API tokens end with the old password.
        user_password_changed(user=self.request.user, actor=self.request.user, by_admin=False)
        messages.success(self.request, _("密码已修改。"))
        return response


class _PasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass


PasswordChangeView.form_class = _PasswordChangeForm


# --- two-factor sign-in -----------------------------------------------------------------------------


def _next_url(request) -> str:
    url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Enrolment: the QR code of a new authenticator secret, confirmed by a first code from it."""
    user = request.user
    next_url = _next_url(request)
    if sign_in.is_verified(user):
        messages.info(request, _("两步验证已启用。更换手机时，请联系安全管理员重置后重新绑定。"))
        return redirect(next_url)
    if selectors.two_factor_device(user) is not None:
        return redirect(_with_next("accounts:two_factor_verify", next_url))
    device = services.two_factor_enrolment_start(user=user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_enrolment_confirm(
                user=user, device=device, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            otp_login(request, device)
            request.session[sign_in.TWO_FACTOR_ENROLLED] = True
            messages.success(
                request, _("两步验证已启用。今后登录时，输入密码后还需输入身份验证器上的验证码。")
            )
            return redirect(next_url)
    qr = segno.make(device.config_url, error="m")
    required = policy.two_factor_required(user)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            **({"nav_items": []} if required else {}),  # no menu while nothing else opens
            "form": form,
            "next": next_url,
            "required": required,
            "qr_svg": mark_safe(qr.svg_inline(scale=5, title=_("身份验证器二维码"))),  # segno's own markup
            "secret": _spaced_secret(device),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second step of sign-in: the code from the account's authenticator."""
    user = request.user
    next_url = _next_url(request)
    if sign_in.is_verified(user):
        return redirect(next_url)
    device = selectors.two_factor_device(user)
    if device is None:
        if policy.two_factor_required(user):
            return redirect(_with_next("accounts:two_factor_setup", next_url))
        return redirect(next_url)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_verify(user=user, device=device, code=form.cleaned_data["code"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            otp_login(request, device)
            return redirect(next_url)
    # No menu: nothing opens before the code is given.
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": next_url, "nav_items": []}
    )


def _spaced_secret(device) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
