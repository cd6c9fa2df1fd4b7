from drf_spectacular.utils import extend_schema
from rest_framework import serializers
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


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


class TokenApi(ObtainAuthToken):
    """Exchange username and password for an API token (send it as `Authorization: Token …`)."""

    @extend_schema(request=TokenInput, responses={200: TokenOutput}, summary="Obtain an API token")
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        user = self.serializer_class(data=request.data, context={"request": request})
        if user.is_valid():
            audit.record(
                actor=user.validated_data["user"],
                action=audit.AuditAction.LOGIN,
                instance=user.validated_data["user"],
                message="api token",
            )
        return response
