"""GET /api/v1/assessment/results/: assessment results with each score's working."""

import django_filters
from rest_framework import serializers

from core.api_reads import ScopedReadViewSet, read_schema

from ..models import Result, RunState, Score, Subject


class ScoreOutput(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    indicator_name = serializers.CharField(source="indicator.name")
    section = serializers.CharField(source="indicator.section")
    working = serializers.JSONField()

    class Meta:
        model = Score
        fields = ["indicator", "indicator_name", "section", "value", "points", "working", "rated_at"]


class ResultOutput(serializers.ModelSerializer):
    scheme = serializers.CharField(source="run.scheme.code")
    year = serializers.IntegerField(source="run.year")
    state = serializers.CharField(source="run.state")
    unit = serializers.CharField(source="unit_name")
    scores = ScoreOutput(many=True)
    working = serializers.JSONField()

    class Meta:
        model = Result
        fields = [
            "id",
            "scheme",
            "year",
            "state",
            "subject",
            "town",
            "department",
            "enterprise",
            "unit",
            "base",
            "bonus",
            "penalty",
            "total",
            "grade",
            "grade_name",
            "rank",
            "complete",
            "working",
            "scores",
        ]


class ResultFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="run__year")
    scheme = django_filters.CharFilter(field_name="run__scheme__code")
    subject = django_filters.ChoiceFilter(choices=Subject.choices)
    state = django_filters.ChoiceFilter(field_name="run__state", choices=RunState.choices)

    class Meta:
        model = Result
        fields = ["year", "scheme", "subject", "state"]


@read_schema(
    list="Assessment results the caller may see (own unit once published; office and raters more)",
    one="One assessment result with its scores and working",
    output=ResultOutput,
)
class ResultViewSet(ScopedReadViewSet):
    serializer_class = ResultOutput
    filterset_class = ResultFilter

    def get_queryset(self):
        return (
            Result.objects.visible_to(self.request.user)
            .select_related("run__scheme", "town", "department", "enterprise")
            .prefetch_related("scores__indicator")
            .order_by("-run__year", "run__scheme__order", "rank", "id")
        )
