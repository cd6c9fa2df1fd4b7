"""List filters of the credit API."""

import django_filters

from ..models import (
    Appeal,
    AppealState,
    CreditRecord,
    CreditStatus,
    Rating,
    RecordStatus,
    Severity,
)

# --- filters ---------------------------------------------------------------------------------------


class RecordFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter(field_name="kind__code")
    category = django_filters.CharFilter(field_name="kind__category")
    uscc = django_filters.CharFilter(field_name="enterprise__uscc")
    status = django_filters.ChoiceFilter(choices=RecordStatus.choices)
    severity = django_filters.ChoiceFilter(choices=Severity.choices)

    class Meta:
        model = CreditRecord
        fields = ["enterprise", "kind", "category", "uscc", "status", "severity"]


class RatingFilter(django_filters.FilterSet):
    class Meta:
        model = Rating
        fields = ["enterprise", "grade", "grade_changed", "trigger"]


class StatusFilter(django_filters.FilterSet):
    town = django_filters.CharFilter(field_name="enterprise__town__name")
    uscc = django_filters.CharFilter(field_name="enterprise__uscc")

    class Meta:
        model = CreditStatus
        fields = ["enterprise", "grade", "blacklisted", "town", "uscc"]


class AppealFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=AppealState.choices)

    class Meta:
        model = Appeal
        fields = ["state", "record", "enterprise"]
