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
        responses={200: TokenOutput, 400: DetailOutput, 429: DetailOutput},
        summary="Obtain an API token",
    )
    def post(self, request):
        data = TokenInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        instance, token = api_token_create(user=data.validated_data["user"])
        return Response(TokenOutput({"token": token, "expiry": instance.expiry}).data)

    @extend_schema(request=None, responses={204: None, 401: DetailOutput}, summary="Revoke this API token")
    def delete(self, request):
        api_token_revoke(token=request.auth, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
