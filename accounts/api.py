from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView

from core import audit


class MeOutput(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    unit = serializers.CharField()


class MeApi(APIView):
    @extend_schema(responses=MeOutput, summary="The signed-in account: username, role and unit")
    def get(self, request):
        user = request.user
        return Response(MeOutput({"username": user.username, "role": user.role, "unit": user.unit_name}).data)


class TokenInput(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})
    otp = serializers.CharField(
        required=False, help_text="The 6-digit code of the account's authenticator, when it has one."
    )


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


class TokenApi(ObtainAuthToken):
    """Exchange username and password for an API token (send it as `Authorization: Token …`)."""

    @extend_schema(request=TokenInput, responses={200: TokenOutput}, summary="Obtain an API token")
    def post(self, request, *args, **kwargs):
        credentials = self.serializer_class(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        user = credentials.validated_data["user"]
        # Two-factor: the code as well as the password, where the account has an authenticator.
        api_second_factor_check(user=user, code=request.data.get("otp", ""))
        api_password_age_check(user=user)
        token, _created = Token.objects.get_or_create(user=user)
        audit.record(actor=user, action=audit.AuditAction.LOGIN, instance=user, message="api token")
        return Response({"token": token.key})


def api_second_factor_check(*, user, code: str) -> None:
    """An account with an authenticator gives its code with the password (field `otp`); one required to
    have one and without it enrols in the portal first. Raises a 400 with the reason on `otp`."""
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.utils.translation import gettext as _

    from . import policy, selectors, services

    device = selectors.two_factor_device(user)
    if device is None:
        if policy.two_factor_required(user):
            raise serializers.ValidationError({"otp": [_("本账号须启用两步验证，请先登录门户完成绑定。")]})
        return
    if not (code or "").strip():
        raise serializers.ValidationError({"otp": [_("请输入身份验证器上显示的 6 位验证码。")]})
    try:
        services.two_factor_verify(user=user, device=device, code=code)
    except DjangoValidationError as exc:
        raise serializers.ValidationError({"otp": exc.message_dict["code"]}) from exc


def api_password_age_check(*, user) -> None:
    """A staff password past PASSWORD_MAX_AGE_DAYS gets no token: it is changed in the portal first (403)."""
    from django.conf import settings
    from django.utils import timezone
    from django.utils.translation import gettext as _
    from rest_framework.exceptions import PermissionDenied

    from . import policy, selectors

    if policy.password_expiry_applies(user) and policy.password_is_expired(
        changed_at=selectors.password_changed_at(user), now=timezone.now()
    ):
        raise PermissionDenied(
            _("密码已超过 %(days)d 天未修改，请先修改密码。") % {"days": settings.PASSWORD_MAX_AGE_DAYS}
        )
