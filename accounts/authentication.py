"""API tokens (django-rest-knox): hashed in the database, expiring, revocable.

`token_sign_in` is the one place where username and password become a token; a second factor
(OTP) is checked there too when it comes."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from .lockout import lockout_message


class AccountLocked(exceptions.APIException):
    status_code = 429
    default_code = "locked_out"


class PortalTokenAuthentication(TokenAuthentication):
    """knox's token check, answering in the portal's words instead of the library's."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed as exc:
            raise exceptions.AuthenticationFailed(_("令牌无效、已过期或已撤销，请重新获取令牌。")) from exc

    def validate_user(self, auth_token):
        if not auth_token.user.is_active:
            raise exceptions.AuthenticationFailed(_("该账号已停用，请联系系统管理员。"))
        return (auth_token.user, auth_token)


def token_sign_in(request, *, username: str, password: str):
    """The account for these credentials, or an API error: 429 when sign-in is locked (the same
    sentence as the sign-in page), 400 for wrong credentials (or an inactive account). `request` is Django's, for axes
    (lockout per username and address) and the audit trail's address."""
    user = authenticate(request=request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise AccountLocked(lockout_message())
    if user is None:
        raise exceptions.ValidationError({"non_field_errors": [_("账号或密码错误。")]})
    return user
