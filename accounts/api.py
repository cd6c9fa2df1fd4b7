from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .authentication import PortalTokenAuthentication, token_sign_in
from .services import api_token_create, api_token_revoke


class MeOutput(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    unit = serializers.CharField()


class MeApi(APIView):
    permission_classes = [IsAuthenticated]  # every account, administrators included

    @extend_schema(responses=MeOutput, summary="The signed-in account: username, role and unit")
    def get(self, request):
        user = request.user
        return Response(MeOutput({"username": user.username, "role": user.role, "unit": user.unit_name}).data)


class TokenInput(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        required=False, help_text="The 6-digit code of the account's authenticator, when it has one."
    )

    def validate(self, attrs):
        request = self.context["request"]
        attrs["user"] = token_sign_in(
            request._request, username=attrs["username"], password=attrs["password"]
        )
        return attrs


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()
    expiry = serializers.DateTimeField(allow_null=True)


class DetailOutput(serializers.Serializer):
    detail = serializers.CharField()


class TokenApi(APIView):
    """Exchange username and password for an API token (send it as `Authorization: Token …`); the
    token expires after a few hours, and `DELETE` ends it at once."""

    authentication_classes = [PortalTokenAuthentication]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(
        request=TokenInput,
        # 400 is field errors (username, password, otp): the schema's default error body documents it.
        responses={200: TokenOutput, 403: DetailOutput, 429: DetailOutput},
        summary="Obtain an API token",
    )
    def post(self, request):
        data = TokenInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        user = data.validated_data["user"]
        # Two-factor: the code as well as the password, where the account has an authenticator.
        api_second_factor_check(user=user, code=data.validated_data.get("otp", ""))
        api_password_age_check(user=user)
        instance, token = api_token_create(user=user)
        return Response(TokenOutput({"token": token, "expiry": instance.expiry}).data)

    @extend_schema(request=None, responses={204: None, 401: DetailOutput}, summary="Revoke this API token")
    def delete(self, request):
        api_token_revoke(token=request.auth, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


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
