"""/api/v1/indicators/: the official figures resolved per metric, with 同比 growth."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api_reads import ERRORS
from core.params import MAX_YEAR, MIN_YEAR, is_id, parse_year

from .. import permissions, selectors
from ..figures import FIGURE_CODES, label_of, unit_of


def _gap_amount(source: str):
    # one side of a self-report gap: official statistics or the self-report
    return serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        source=source,
        required=False,
        help_text="only for callers who see self-report gaps (towns, the office), as on the page",
    )


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
    official = _gap_amount("official_amount")
    self_reported = _gap_amount("self_amount")

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
