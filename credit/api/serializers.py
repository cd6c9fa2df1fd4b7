"""Input and output serializers of the credit API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from enterprises.api import EnterpriseRowOutput
from enterprises.selectors import registered_enterprise

from .. import selectors
from ..gates import support_block_reason
from ..models import (
    Appeal,
    AppealState,
    CreditRecord,
    CreditStatus,
    Rating,
    RecordKind,
    Severity,
)

# --- serializers -----------------------------------------------------------------------------------


class RecordOutput(EnterpriseRowOutput):
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
    # the body's USCC, the data's enterprise (the service's argument)
    uscc = serializers.CharField(
        max_length=18, source="enterprise", help_text="统一社会信用代码 of a registered enterprise"
    )
    kind = serializers.SlugRelatedField(slug_field="code", queryset=RecordKind.objects.all())
    severity = serializers.ChoiceField(choices=Severity.choices)
    title = serializers.CharField(max_length=200)
    occurred_on = serializers.DateField()
    document_ref = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    effective_until = serializers.DateField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_uscc(self, value):
        return registered_enterprise(value)


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
