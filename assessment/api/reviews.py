"""GET /api/v1/assessment/reviews/: quarterly review ratings (red/yellow/green with comments)."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from core.api import IdLookupMixin

from ..models import Colour, ReviewRating, ReviewState
from .scoring import ERRORS


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


@extend_schema_view(
    list=extend_schema(
        summary="Quarterly review ratings the caller may see (own unit once confirmed; office all)"
    ),
    retrieve=extend_schema(
        summary="One quarterly review rating", responses={200: ReviewRatingOutput, **ERRORS}
    ),
)
class ReviewRatingViewSet(
    IdLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = ReviewRatingOutput
    filterset_class = ReviewRatingFilter

    def get_queryset(self):
        return (
            ReviewRating.objects.visible_to(self.request.user)
            .select_related("review", "town", "department")
            .order_by("-review__year", "-review__quarter", "subject", "id")
        )
