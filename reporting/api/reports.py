"""/api/v1/reports/: monthly reports, their moves and corrections."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action

from core.api import ActionMixin
from core.api_reads import ERRORS, ScopedReadViewSet
from core.params import MAX_YEAR, MIN_YEAR

from .. import permissions, services
from ..figures import FIGURE_CODES
from ..models import Report, ReportState


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
class ReportViewSet(ActionMixin, ScopedReadViewSet):
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

    @extend_schema(
        request=ReportCreateInput,
        responses={201: ReportOutput, **ERRORS},
        summary="Start the month's report (enterprise accounts)",
    )
    def create(self, request):
        return self.act(
            services.report_start, ReportCreateInput, allowed=permissions.can_start_report, status=201
        )

    @extend_schema(
        request=ReportUpdateInput,
        responses={200: ReportOutput, **ERRORS},
        summary="Edit a draft or returned report",
    )
    def partial_update(self, request, pk=None):
        return self.act(
            services.report_update, ReportUpdateInput, on="report", allowed=permissions.can_edit_report
        )

    def _transition(self, request, name):
        return self.act(
            services.report_transition,
            ReportActionInput,
            on="report",
            allowed=lambda user, report: permissions.can_transition(user, report, name),
            action=name,
        )

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
        # 201: the answer is the correction, a new version
        return self.act(
            services.report_correct,
            ReportCorrectInput,
            on="report",
            allowed=permissions.can_correct_report,
            status=201,
        )
