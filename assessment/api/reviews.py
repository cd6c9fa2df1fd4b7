"""GET /api/v1/assessment/reviews/: quarterly review ratings (red/yellow/green with comments)."""

import django_filters
from rest_framework import serializers

from core.api_reads import ScopedReadViewSet, read_schema

from ..models import Colour, ReviewRating, ReviewState


class ReviewRatingOutput(serializers.ModelSerializer):
    year = serializers.IntegerField(source="review.year")
    quarter = serializers.IntegerField(source="review.quarter")
    state = serializers.CharField(source="review.state")
    unit = serializers.CharField(source="unit_name")
    metrics = serializers.JSONField()
    reasons = serializers.JSONField()

    class Meta:
        model = ReviewRating
        fields = [
            "id",
            "year",
            "quarter",
            "state",
            "subject",
            "town",
            "department",
            "unit",
            "metrics",
            "proposed",
            "reasons",
            "colour",
            "comment",
        ]


class ReviewRatingFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="review__year")
    quarter = django_filters.NumberFilter(field_name="review__quarter")
    colour = django_filters.ChoiceFilter(choices=Colour.choices)
    state = django_filters.ChoiceFilter(field_name="review__state", choices=ReviewState.choices)

    class Meta:
        model = ReviewRating
        fields = ["year", "quarter", "colour", "state"]


@read_schema(
    list="Quarterly review ratings the caller may see (own unit once confirmed; office all)",
    one="One quarterly review rating",
    output=ReviewRatingOutput,
)
class ReviewRatingViewSet(ScopedReadViewSet):
    serializer_class = ReviewRatingOutput
    filterset_class = ReviewRatingFilter

    def get_queryset(self):
        return (
            ReviewRating.objects.visible_to(self.request.user)
            .select_related("review", "town", "department")
            .order_by("-review__year", "-review__quarter", "subject", "id")
        )
