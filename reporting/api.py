"""The reporting API (/api/v1/reports/, /api/v1/indicators/, /api/v1/figure-imports/): thin views over
the same selectors and services as the pages."""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import IdLookupMixin
from core.params import MAX_YEAR, MIN_YEAR, is_id, parse_year
from core.parsers import MultiPartParser
from core.permissions import require

from . import permissions, selectors, services
from .figures import FIGURE_CODES, label_of, unit_of
from .models import Report, ReportState

ERRORS = {
    400: OpenApiTypes.OBJECT,
    403: OpenApiTypes.OBJECT,
    404: OpenApiTypes.OBJECT,
    409: OpenApiTypes.OBJECT,
}


class ReportEntryOutput(serializers.Serializer):
    nomination = serializers.IntegerField(source="nomination_id")
    pool = serializers.CharField(source="nomination.pool.code")
    progress = serializers.CharField()
    problems = serializers.CharField()
    milestones = serializers.DictField(child=serializers.CharField())


class ReportOutput(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name")
    town = serializers.CharField(source="enterprise.town.name")
    entries = ReportEntryOutput(many=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "town",
            "year",
            "month",
            "version",
            "previous",
            "state",
            "figures",
            "note",
            "ytd_reason",
            "correction_reason",
            "comment",
            "submitted_at",
            "decided_at",
            "entries",
        ]


class ReportFigureInput(serializers.Serializer):
    value = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    ytd = serializers.CharField(required=False, allow_blank=True, allow_null=True)


class ReportEntryInput(serializers.Serializer):
    progress = serializers.CharField(required=False, allow_blank=True)
    problems = serializers.CharField(required=False, allow_blank=True)
    milestones = serializers.DictField(child=serializers.CharField(), required=False)


class ReportCreateInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR)
    month = serializers.IntegerField(min_value=1, max_value=12)


class ReportUpdateInput(serializers.Serializer):
    figures = serializers.DictField(
        child=ReportFigureInput(),
        required=False,
        help_text="{metric: {value, ytd}}; metrics: " + ", ".join(FIGURE_CODES),
    )
    note = serializers.CharField(required=False, allow_blank=True)
    ytd_reason = serializers.CharField(required=False, allow_blank=True)
    entries = serializers.DictField(
        child=ReportEntryInput(), required=False, help_text="{nomination id: {...}}"
    )


class ReportActionInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReportCorrectInput(serializers.Serializer):
    reason = serializers.CharField()


class ReportFilter(django_filters.FilterSet):
    town = django_filters.CharFilter(field_name="enterprise__town__name")
    state = django_filters.ChoiceFilter(choices=ReportState.choices)

    class Meta:
        model = Report
        fields = ["year", "month", "state", "enterprise", "town"]


@extend_schema_view(
    list=extend_schema(summary="Monthly reports the caller may see (drafts: the enterprise's own only)")
)
class ReportViewSet(IdLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportOutput
    filterset_class = ReportFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Report.objects.visible_to(self.request.user)
            .select_related("enterprise", "enterprise__town")
            .prefetch_related("entries", "entries__nomination__pool")
            .order_by("-year", "-month", "enterprise_id", "-version")
        )

    def _out(self, report, code=status.HTTP_200_OK):
        return Response(ReportOutput(self.get_queryset().get(pk=report.pk)).data, status=code)

    @extend_schema(
        request=ReportCreateInput,
        responses={201: ReportOutput, **ERRORS},
        summary="Start the month's report (enterprise accounts)",
    )
    def create(self, request):
        require(permissions.can_start_report(request.user))  # before the body is read
        data = ReportCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_start(actor=request.user, **data.validated_data)
        return self._out(report, status.HTTP_201_CREATED)

    @extend_schema(
        request=ReportUpdateInput,
        responses={200: ReportOutput, **ERRORS},
        summary="Edit a draft or returned report",
    )
    def partial_update(self, request, pk=None):
        report = self.get_object()
        require(permissions.can_edit_report(request.user, report))
        data = ReportUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_update(actor=request.user, report=report, **data.validated_data)
        return self._out(report)

    def _transition(self, request, name):
        report = self.get_object()
        require(permissions.can_transition(request.user, report, name))
        data = ReportActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_transition(
            actor=request.user, report=report, action=name, comment=data.validated_data["comment"]
        )
        return self._out(report)

    @extend_schema(
        request=ReportActionInput, responses={200: ReportOutput, **ERRORS}, summary="Submit (the enterprise)"
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, "submit")

    @extend_schema(
        request=ReportActionInput,
        responses={200: ReportOutput, **ERRORS},
        summary="Confirm (the enterprise's town); its figures become the self-reported figures",
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._transition(request, "confirm")

    @extend_schema(
        request=ReportActionInput,
        responses={200: ReportOutput, **ERRORS},
        summary="Return with a comment (the town)",
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._transition(request, "return")

    @extend_schema(
        request=ReportCorrectInput,
        responses={201: ReportOutput, **ERRORS},
        summary="Correct a confirmed report: a new version (draft); the old one is kept",
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        report = self.get_object()
        require(permissions.can_correct_report(request.user, report))
        data = ReportCorrectInput(data=request.data)
        data.is_valid(raise_exception=True)
        correction = services.report_correct(
            actor=request.user, report=report, reason=data.validated_data["reason"]
        )
        return self._out(correction, status.HTTP_201_CREATED)


class ResolvedOutput(serializers.Serializer):
    metric = serializers.CharField(source="code")
    label = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    period = serializers.CharField()
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, source="amount", coerce_to_string=True
    )
    source = serializers.CharField(allow_blank=True)
    provenance = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    official = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        source="official_amount",
        required=False,
        help_text="only for callers who see self-report gaps (towns, the office), as on the page",
    )
    self_reported = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        source="self_amount",
        required=False,
        help_text="only for callers who see self-report gaps (towns, the office), as on the page",
    )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("show_gaps"):  # the same rule as the figures page
            data.pop("official", None)
            data.pop("self_reported", None)
        return data

    def get_label(self, obj) -> str:
        return label_of(obj.code)

    def get_unit(self, obj) -> str:
        return unit_of(obj.code)


class GrowthOutput(serializers.Serializer):
    metric = serializers.CharField(source="code")
    current = ResolvedOutput()
    previous = ResolvedOutput()
    rate = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="同比 % = (current − previous) ÷ previous × 100; null when previous is missing or 0",
    )
    explanation = serializers.CharField()


class IndicatorSheetOutput(serializers.Serializer):
    enterprise = serializers.IntegerField(source="enterprise.pk")
    uscc = serializers.CharField(source="enterprise.uscc")
    name = serializers.CharField(source="enterprise.name")
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR)
    annual = GrowthOutput(many=True)
    monthly = inline_serializer(
        "MonthlyIndicators",
        fields={"month": serializers.IntegerField(), "figures": GrowthOutput(many=True)},
        many=True,
    )
    criteria = serializers.DictField(
        help_text="the pools' criteria metrics from these figures, with their source"
    )


class IndicatorSummaryOutput(serializers.Serializer):
    enterprise = serializers.IntegerField()
    uscc = serializers.CharField()
    name = serializers.CharField()
    town = serializers.CharField()
    figures = serializers.DictField(help_text="{metric: {value, previous, rate, source}}")


def _str(value) -> str | None:
    return None if value is None else str(value)


def _year(request) -> int:
    try:
        return parse_year(request.query_params.get("year"), default=timezone.localdate().year - 1)
    except ValueError as exc:
        from rest_framework.exceptions import ValidationError

        raise ValidationError({"year": [str(exc)]}) from exc


class IndicatorViewSet(viewsets.GenericViewSet):
    """Figures as the criteria use them: official statistics over self-reports, 同比 with its working."""

    def get_queryset(self):
        # whose figures a caller sees: the scope of their reports, as on the figures page
        return selectors.figure_enterprises(self.request.user).select_related("town").order_by("id")

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="default: last year"),
            OpenApiParameter("month", int, description="0 or empty: the whole year"),
        ],
        responses={200: IndicatorSummaryOutput(many=True), **ERRORS},
        summary="Each visible enterprise's figures of a period with 同比 (paginated)",
    )
    def list(self, request):
        year = _year(request)
        try:
            month = int(request.query_params.get("month") or 0)
        except ValueError:
            return Response({"month": [_("月份须为0—12。")]}, status=status.HTTP_400_BAD_REQUEST)
        if not 0 <= month <= 12:
            return Response({"month": [_("月份须为0—12。")]}, status=status.HTTP_400_BAD_REQUEST)
        page = self.paginate_queryset(self.get_queryset())
        rates = selectors.growth_rates(year=year, month=month, enterprise_ids=[e.pk for e in page])
        rows = [
            {
                "enterprise": e.pk,
                "uscc": e.uscc,
                "name": e.name,
                "town": e.town.name,
                "figures": {
                    code: {"value": _str(cur), "previous": _str(prev), "rate": _str(rate), "source": source}
                    for code, (cur, prev, rate, source) in rates.get(e.pk, {}).items()
                },
            }
            for e in page
        ]
        return self.get_paginated_response(IndicatorSummaryOutput(rows, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="default: last year")],
        responses={200: IndicatorSheetOutput, **ERRORS},
        summary="One enterprise's figures for a year: annual and monthly, 同比 and how it was computed",
    )
    def retrieve(self, request, pk=None):
        if not is_id(pk):
            raise NotFound()
        enterprise = get_object_or_404(self.get_queryset(), pk=pk)
        year = _year(request)
        sheet = selectors.figures_for(enterprise, year)
        annual = [sheet.annual_growth(code) for code in FIGURE_CODES]
        monthly = [
            {"month": m, "figures": [sheet.monthly_growth(code, m) for code in FIGURE_CODES]}
            for m in sheet.months
        ]
        criteria = {
            metric: {"value": str(v) if v is not None else None, **source}
            for metric, (v, source) in selectors.criteria_values(sheet).items()
        }
        return Response(
            IndicatorSheetOutput(
                {
                    "enterprise": enterprise,
                    "year": year,
                    "annual": annual,
                    "monthly": monthly,
                    "criteria": criteria,
                },
                context={"show_gaps": bool(permissions.can_view_gaps(request.user))},
            ).data
        )


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
