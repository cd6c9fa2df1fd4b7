"""The credit API (/api/v1/credit/): thin views over the same selectors and services as the pages.
Records, objections and ratings are scoped by the models' visible_to(), exactly as on the pages."""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import IdLookupMixin
from core.parsers import FormParser, JSONParser, MultiPartParser
from core.permissions import require
from enterprises.models import Enterprise
from enterprises.uscc import normalize

from . import permissions, selectors, services
from .gates import support_block_reason
from .models import (
    Appeal,
    AppealState,
    CreditRecord,
    CreditStatus,
    Rating,
    RecordKind,
    RecordStatus,
    Severity,
)

ERRORS = {
    400: OpenApiTypes.OBJECT,
    403: OpenApiTypes.OBJECT,
    404: OpenApiTypes.OBJECT,
    409: OpenApiTypes.OBJECT,
}


# --- serializers -----------------------------------------------------------------------------------


class RecordOutput(serializers.ModelSerializer):
    enterprise_uscc = serializers.CharField(source="enterprise.uscc")
    enterprise_name = serializers.CharField(source="enterprise.name")
    kind = serializers.CharField(source="kind.code")
    category = serializers.CharField(source="kind.category")
    source_department = serializers.CharField(source="source_department.code")
    in_effect = serializers.SerializerMethodField()

    class Meta:
        model = CreditRecord
        fields = [
            "id",
            "enterprise",
            "enterprise_uscc",
            "enterprise_name",
            "kind",
            "category",
            "severity",
            "title",
            "description",
            "occurred_on",
            "document_ref",
            "effective_until",
            "status",
            "in_effect",
            "source_department",
            "withdrawn_at",
            "withdrawn_reason",
            "created_at",
        ]

    def get_in_effect(self, record) -> bool:
        return record.is_in_effect()


class RecordCreateInput(serializers.Serializer):
    uscc = serializers.CharField(max_length=18, help_text="统一社会信用代码 of a registered enterprise")
    kind = serializers.SlugRelatedField(slug_field="code", queryset=RecordKind.objects.all())
    severity = serializers.ChoiceField(choices=Severity.choices)
    title = serializers.CharField(max_length=200)
    occurred_on = serializers.DateField()
    document_ref = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    effective_until = serializers.DateField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_uscc(self, value):
        enterprise = Enterprise.objects.filter(uscc=normalize(value)).first()
        if enterprise is None:
            raise serializers.ValidationError(
                _("统一社会信用代码“%(code)s”未在企业名录中登记。") % {"code": value}
            )
        self.enterprise = enterprise
        return enterprise.uscc


class RecordKindInput(serializers.Serializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=RecordKind.objects.all())


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField()


class AppealInput(serializers.Serializer):
    explanation = serializers.CharField()
    evidence = serializers.FileField(required=False, allow_null=True, default=None)


class AppealOutput(serializers.ModelSerializer):
    record_title = serializers.CharField(source="record.title")
    kind = serializers.CharField(source="record.kind.code")
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = Appeal
        fields = [
            "id",
            "record",
            "record_title",
            "kind",
            "enterprise",
            "explanation",
            "has_evidence",
            "state",
            "submitted_at",
            "decided_at",
            "decision_note",
        ]

    def get_has_evidence(self, appeal) -> bool:
        return bool(appeal.evidence)


class DecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[AppealState.UPHELD, AppealState.WITHDRAWN])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RatingOutput(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name")
    model_version = serializers.IntegerField(source="model.version")

    class Meta:
        model = Rating
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "grade",
            "grade_rank",
            "score",
            "blacklisted",
            "previous_grade",
            "grade_changed",
            "as_of",
            "computed_at",
            "trigger",
            "model_version",
        ]


class ExplanationLine(serializers.Serializer):
    kind = serializers.CharField()
    kind_name = serializers.CharField()
    delta = serializers.CharField()
    record = serializers.IntegerField(required=False, help_text="only at full detail")
    severity = serializers.CharField(required=False)
    points = serializers.CharField(required=False)
    weight = serializers.CharField(required=False)
    factor = serializers.CharField(required=False)
    age_years = serializers.IntegerField(required=False)
    count = serializers.IntegerField(required=False, help_text="only in the per-kind summary")


class ExcludedRecord(serializers.Serializer):
    record = serializers.IntegerField()
    kind = serializers.CharField()
    reason = serializers.ChoiceField(choices=["withdrawn", "expired", "superseded", "future", "no_rule"])


class ExplanationOutput(serializers.Serializer):
    detail = serializers.ChoiceField(
        choices=["full", "summary"], help_text="summary: per kind, for callers who may not see the records"
    )
    base_score = serializers.CharField()
    score = serializers.CharField()
    grade = serializers.CharField()
    band_min = serializers.CharField()
    blacklist = serializers.DictField()
    model = serializers.DictField()
    as_of = serializers.DateField()
    lines = ExplanationLine(many=True)
    excluded = ExcludedRecord(many=True)


class RatingDetailOutput(RatingOutput):
    explanation = serializers.SerializerMethodField()

    class Meta(RatingOutput.Meta):
        fields = [*RatingOutput.Meta.fields, "explanation"]

    @extend_schema_field(ExplanationOutput)
    def get_explanation(self, rating) -> dict:
        data = selectors.explanation_for(self.context["request"].user, rating)
        keep = (
            "record",
            "kind",
            "kind_name",
            "category",
            "severity",
            "points",
            "weight",
            "factor",
            "age_years",
            "delta",
            "count",
            "occurred_on",
            "effective_until",
        )
        return {
            "detail": "full" if data["full"] else "summary",
            "base_score": data["base_score"],
            "score": data["score"],
            "grade": data["grade"],
            "band_min": data["band_min"],
            "blacklist": data["blacklist"],
            "model": data["model"],
            "as_of": data["as_of"],
            "lines": [{k: v for k, v in line.items() if k in keep} for line in data["rows"]],
            "excluded": [
                {"record": x["record"], "kind": x["kind"], "reason": x["reason"]} for x in data["excluded"]
            ],
        }


class StatusOutput(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name")
    uscc = serializers.CharField(source="enterprise.uscc")
    town = serializers.CharField(source="enterprise.town.name")
    manual_reason = serializers.SerializerMethodField()

    class Meta:
        model = CreditStatus
        fields = [
            "enterprise",
            "enterprise_name",
            "uscc",
            "town",
            "grade",
            "grade_rank",
            "score",
            "rated_at",
            "rating",
            "blacklisted",
            "blacklisted_since",
            "rating_listed_since",
            "manual_reason",
        ]

    def get_manual_reason(self, status) -> str:
        return status.manual_entry.reason if status.manual_entry_id else ""


class StatusDetailOutput(StatusOutput):
    block_reason = serializers.SerializerMethodField()

    class Meta(StatusOutput.Meta):
        fields = [*StatusOutput.Meta.fields, "block_reason"]

    def get_block_reason(self, status) -> str:
        return support_block_reason(status.enterprise)


class RateInput(serializers.Serializer):
    enterprise = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="omit to queue a run over every enterprise"
    )


class RateOutput(serializers.Serializer):
    changed = serializers.BooleanField()
    queued = serializers.BooleanField()
    rating = RatingOutput(allow_null=True)


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


# --- views -----------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Credit records the caller may see (own kinds; 金融办/office: all; an enterprise: its own)"
    ),
    retrieve=extend_schema(summary="One credit record", responses={200: RecordOutput, **ERRORS}),
)
class CreditRecordViewSet(
    IdLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = RecordOutput
    filterset_class = RecordFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.records_for(self.request.user).order_by("-occurred_on", "-id")

    @extend_schema(
        request=RecordCreateInput,
        responses={201: RecordOutput, **ERRORS},
        summary="Record a credit record (source departments, for their own kinds)",
    )
    def create(self, request):
        # Who may record, and of which kind, before the rest of the body is read: an outsider's 403
        # does not depend on whether the USCC is registered.
        require(permissions.can_create_records(request.user))
        kind = RecordKindInput(data=request.data)
        if kind.is_valid():
            require(permissions.can_create_record(request.user, kind.validated_data["kind"]))
        data = RecordCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        d.pop("uscc")
        record = services.record_create(actor=request.user, enterprise=data.enterprise, **d)
        return Response(
            RecordOutput(self.get_queryset().get(pk=record.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=AppealInput,
        responses={201: AppealOutput, **ERRORS},
        summary="Object to a record (the enterprise concerned)",
    )
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        record = self.get_object()
        require(permissions.can_appeal(request.user, record))  # a 403 before any 400 about the body
        data = AppealInput(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = services.appeal_create(actor=request.user, record=record, **data.validated_data)
        return Response(AppealOutput(appeal).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReasonInput,
        responses={200: RecordOutput, **ERRORS},
        summary="Withdraw a record (its source department); it stops counting",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        record = self.get_object()
        require(permissions.can_withdraw_record(request.user, record))
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.record_withdraw(actor=request.user, record=record, reason=data.validated_data["reason"])
        return Response(RecordOutput(self.get_queryset().get(pk=record.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="Objections the caller may see"),
    retrieve=extend_schema(responses={200: AppealOutput, **ERRORS}),
)
class AppealViewSet(IdLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AppealOutput
    filterset_class = AppealFilter

    def get_queryset(self):
        return (
            Appeal.objects.visible_to(self.request.user)
            .select_related("record", "record__kind")
            .order_by("-submitted_at", "-id")
        )

    @extend_schema(
        request=DecisionInput,
        responses={200: AppealOutput, **ERRORS},
        summary="Uphold the record or withdraw it (the record's source department)",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        appeal = self.get_object()
        require(permissions.can_decide_appeal(request.user, appeal))
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.appeal_decide(actor=request.user, appeal=appeal, **data.validated_data)
        return Response(AppealOutput(self.get_queryset().get(pk=appeal.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="Rating history (append-only) the caller may see; explanation on each rating"),
    retrieve=extend_schema(
        summary="One rating with the explanation: every record and rule that moved the score "
        "(per kind only, for callers who may not see the records)",
        responses={200: RatingDetailOutput, **ERRORS},
    ),
)
class RatingViewSet(IdLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filterset_class = RatingFilter

    def get_serializer_class(self):
        return RatingDetailOutput if self.action == "retrieve" else RatingOutput

    def get_queryset(self):
        qs = Rating.objects.visible_to(self.request.user).select_related(
            "enterprise", "enterprise__town", "model"
        )
        if self.action != "retrieve":
            qs = qs.defer("explanation")
        return qs.order_by("-computed_at", "-id")

    @extend_schema(
        request=RateInput,
        responses={200: RateOutput, **ERRORS},
        summary="Rate one enterprise now, or queue a run over all (office, 金融办)",
    )
    @action(detail=False, methods=["post"])
    def rate(self, request):
        require(permissions.can_rate(request.user))  # before the body is read
        data = RateInput(data=request.data)
        data.is_valid(raise_exception=True)
        enterprise_id = data.validated_data["enterprise"]
        enterprise = (
            get_object_or_404(Enterprise.objects.visible_to(request.user), pk=enterprise_id)
            if enterprise_id
            else None
        )
        rating = services.rate_on_demand(actor=request.user, enterprise=enterprise)
        return Response(
            {
                "changed": rating is not None,
                "queued": enterprise is None,
                "rating": RatingOutput(rating).data if rating else None,
            }
        )


@extend_schema_view(
    list=extend_schema(summary="Current credit status per enterprise (grade, blacklist)"),
    retrieve=extend_schema(
        summary="One enterprise's status, with why and since when it is blocked",
        responses={200: StatusDetailOutput, **ERRORS},
    ),
)
class CreditStatusViewSet(
    IdLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    filterset_class = StatusFilter
    lookup_field = "enterprise"

    def get_serializer_class(self):
        return StatusDetailOutput if self.action == "retrieve" else StatusOutput

    def get_queryset(self):
        return (
            CreditStatus.objects.visible_to(self.request.user)
            .select_related("enterprise", "enterprise__town", "manual_entry")
            .order_by("enterprise_id")
        )
