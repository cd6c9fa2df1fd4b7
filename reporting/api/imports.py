"""/api/v1/figure-imports/: a department imports its columns of the official statistics."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.parsers import MultiPartParser
from core.permissions import require

from .. import permissions, selectors, services


class FigureImportOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    rows = serializers.IntegerField()
    figures = serializers.IntegerField()
    columns = serializers.ListField(child=serializers.CharField())
    periods = serializers.ListField(child=serializers.CharField())
    errors = serializers.ListField(child=serializers.DictField())


class FigureImportInput(serializers.Serializer):
    file = serializers.FileField(help_text="xlsx in the template's layout (/reporting/imports/template.xlsx)")


class FigureImportApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": FigureImportInput},
        # 400: the failed import (FigureImportOutput) or field errors about the upload itself
        responses={201: FigureImportOutput, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT},
        summary="Import official statistics (departments, their own columns): all rows or none",
    )
    def post(self, request):
        granted = selectors.granted_columns(request.user)
        require(permissions.can_import_figures(request.user, granted))
        data = FigureImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        # the service applies the page's rules (type, size, limits); its ValidationError answers 400
        record = services.figures_import_upload(actor=request.user, upload=data.validated_data["file"])
        code = (
            status.HTTP_201_CREATED
            if record.status == record.Status.SUCCEEDED
            else status.HTTP_400_BAD_REQUEST
        )
        return Response(FigureImportOutput(record).data, status=code)
