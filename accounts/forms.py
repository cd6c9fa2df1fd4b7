from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("账号"), widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": _("账号或密码错误。连续输错 %(limit)s 次将锁定 %(minutes)s 分钟。"),
        "inactive": _("该账号已停用，请联系系统管理员。"),
    }

    def get_invalid_login_error(self):
        from django.conf import settings

        from .lockout import cooloff_minutes

        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT, "minutes": cooloff_minutes()},
        )


class TwoFactorCodeForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=12,
        help_text=_("手机上身份验证器应用当前显示的 6 位数字。"),
        error_messages={"required": _("请输入身份验证器上显示的 6 位验证码。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )
