"""The dispatch report API (/api/v1/assessment/reports/): list and detail, scoped like the pages (the
office sees drafts; towns and departments the published reports), with links to the files."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from core.api_reads import ScopedReadViewSet

from ..models import DispatchReport


class DispatchReportOutput(serializers.ModelSerializer):
    period = serializers.SerializerMethodField()
    docx = serializers.SerializerMethodField()
    xlsx = serializers.SerializerMethodField()

    class Meta:
        model = DispatchReport
        fields = [
            "id",
            "period",
            "year",
            "month",
            "doc_number",
            "number",
            "number_year",
            "title",
            "state",
            "corrects",
            "correction_note",
            "generated_at",
            "issued_on",
            "published_at",
            "docx_sha256",
            "xlsx_sha256",
            "docx",
            "xlsx",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_period(self, obj) -> str:
        return f"{obj.year}-{obj.month:02d}"

    def _link(self, obj, kind: str) -> str:
        url = reverse("assessment:dispatch_file", args=[obj.pk, kind])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    @extend_schema_field(OpenApiTypes.URI)
    def get_docx(self, obj) -> str:
        return self._link(obj, "docx")

    @extend_schema_field(OpenApiTypes.URI)
    def get_xlsx(self, obj) -> str:
        return self._link(obj, "xlsx")


@extend_schema_view(
    list=extend_schema(summary="Monthly dispatch reports the caller may see (drafts: the office only)"),
    retrieve=extend_schema(summary="One dispatch report with links to its .docx and .xlsx"),
)
class DispatchReportViewSet(ScopedReadViewSet):
    serializer_class = DispatchReportOutput
    filterset_fields = ["year", "month", "state"]

    def get_queryset(self):
        return DispatchReport.objects.visible_to(self.request.user).order_by("-year", "-month", "-id")
