"""The pools and nominations API (/api/v1/): thin views over the same selectors and services as the pages."""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ActionMixin, visible_row
from core.api_reads import ERRORS, ScopedReadViewSet
from core.params import MAX_YEAR, MIN_YEAR, parse_year
from enterprises.models import Enterprise, Project
from programs.models import Pool, Programme

from . import permissions, selectors, services
from .eligibility import evaluate, parse_metrics
from .models import Nomination, NominationState


def _programme(user, year=None) -> Programme:
    qs = Programme.objects.visible_to(user)
    if year:
        found = (
            qs.filter(start_year__lte=year, end_year__gte=year).order_by("-is_current", "-start_year").first()
        )
        if found:
            return found
    programme = qs.current()
    if programme is None:
        from rest_framework.exceptions import NotFound

        raise NotFound()
    return programme


class CriterionOutput(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    metric = serializers.CharField(allow_blank=True)
    operator = serializers.CharField(allow_blank=True)
    threshold = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    unit = serializers.CharField(allow_blank=True)
    description = serializers.CharField()
    group = serializers.CharField(allow_blank=True)


class PoolOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    path = serializers.CharField(source="path.code")
    subject = serializers.CharField()
    quota_min = serializers.IntegerField(allow_null=True)
    quota_max = serializers.IntegerField(allow_null=True)
    lead_departments = serializers.SerializerMethodField()
    responsible_departments = serializers.SerializerMethodField()
    criteria = CriterionOutput(many=True)

    def get_lead_departments(self, pool) -> list[str]:
        return [d.name for d in pool.lead_departments.all()]

    def get_responsible_departments(self, pool) -> list[str]:
        return [d.name for d in pool.responsible_departments.all()]


class PoolListApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="programme year; default: this year")],
        responses={200: PoolOutput(many=True)},
        summary="Pools of the programme with the year's quotas",
    )
    def get(self, request):
        try:
            year = parse_year(request.query_params.get("year"), default=timezone.localdate().year)
        except ValueError as exc:
            return Response({"year": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        from programs.selectors import pools_of

        programme = _programme(request.user, year)
        pools = list(pools_of(programme, year=year))
        for pool in pools:
            quota = next(iter(pool.quotas.all()), None)
            pool.quota_min = quota.quota_min if quota else None
            pool.quota_max = quota.quota_max if quota else None
        return Response(PoolOutput(pools, many=True).data)


class CheckInput(serializers.Serializer):
    metrics = serializers.DictField(child=serializers.JSONField(), required=False, default=dict)
    qualitative = serializers.DictField(
        child=serializers.ChoiceField(choices=["missing", "supplied", "confirmed", "refused"]),
        required=False,
        default=dict,
    )


class CheckOutput(serializers.Serializer):
    eligible = serializers.BooleanField(allow_null=True)
    criteria = inline_serializer(
        "CriterionResult",
        fields={
            "code": serializers.CharField(),
            "kind": serializers.CharField(),
            "passed": serializers.BooleanField(allow_null=True),
            "message": serializers.CharField(),
        },
        many=True,
    )


class PoolCheckApi(APIView):
    """Stateless eligibility check: the same engine as the forms."""

    @extend_schema(
        request=CheckInput,
        responses={200: CheckOutput, **ERRORS},
        summary="Check figures against a pool's criteria",
    )
    def post(self, request, code):
        data = CheckInput(data=request.data)
        data.is_valid(raise_exception=True)
        programme = _programme(request.user)
        pool = get_object_or_404(Pool.objects.prefetch_related("criteria"), programme=programme, code=code)
        values, errors = parse_metrics(data.validated_data["metrics"])
        known = {c.metric for c in pool.criteria.all() if c.metric}
        errors.update({k: _("该培育库的认定标准不使用此指标。") for k in values if k not in known})
        if errors:
            return Response({"metrics": errors}, status=status.HTTP_400_BAD_REQUEST)
        result = evaluate(list(pool.criteria.all()), values, data.validated_data["qualitative"])
        return Response({"eligible": result.eligible, "criteria": [c.as_dict() for c in result.criteria]})


class NominationOutput(serializers.ModelSerializer):
    pool = serializers.CharField(source="pool.code")
    town = serializers.CharField(source="town.name")
    criteria = serializers.SerializerMethodField()

    class Meta:
        model = Nomination
        fields = [
            "id",
            "year",
            "pool",
            "state",
            "town",
            "enterprise",
            "project",
            "eligible",
            "fails_quantitative",
            "criteria",
            "metrics",
            "metric_sources",
            "path_plan",
            "explanation",
            "submitted_at",
            "decided_at",
            "removed_at",
            "removed_reason",
        ]

    def get_criteria(self, nomination) -> list[dict]:
        return [c.as_dict() for c in services.nomination_eligibility(nomination).criteria]


class ClaimInput(serializers.Serializer):
    claimed = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class NominationCreateInput(serializers.Serializer):
    pool = serializers.CharField()
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR)
    enterprise = serializers.IntegerField(required=False, allow_null=True)
    project = serializers.IntegerField(required=False, allow_null=True)
    metrics = serializers.DictField(required=False, default=dict)
    path_plan = serializers.CharField(required=False, allow_blank=True, default="")
    explanation = serializers.CharField(required=False, allow_blank=True, default="")
    claims = serializers.DictField(child=ClaimInput(), required=False, default=None, allow_null=True)


class NominationUpdateInput(serializers.Serializer):
    metrics = serializers.DictField(required=False)
    path_plan = serializers.CharField(required=False, allow_blank=True)
    explanation = serializers.CharField(required=False, allow_blank=True)
    claims = serializers.DictField(child=ClaimInput(), required=False)


class ActionInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class NominationFilter(django_filters.FilterSet):
    pool = django_filters.CharFilter(field_name="pool__code")
    town = django_filters.CharFilter(field_name="town__name")
    state = django_filters.ChoiceFilter(choices=NominationState.choices)

    class Meta:
        model = Nomination
        fields = ["year", "pool", "state", "town", "eligible", "enterprise", "project"]


class NominationViewSet(ActionMixin, ScopedReadViewSet):
    serializer_class = NominationOutput
    filterset_class = NominationFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        from django.db.models import Prefetch

        from programs.models import Criterion

        from .models import CriterionCheck

        return (
            selectors.nominations_for(self.request.user)
            .prefetch_related(
                Prefetch("pool__criteria", queryset=Criterion.objects.order_by("order", "id")),
                Prefetch("checks", queryset=CriterionCheck.objects.select_related("criterion")),
                "evidence",
            )
            .order_by("-year", "id")
        )

    @extend_schema(request=NominationCreateInput, responses={201: NominationOutput, **ERRORS})
    def create(self, request):
        return self.act(
            self._create, NominationCreateInput, allowed=permissions.can_create_nomination, status=201
        )

    def _create(self, *, actor, pool, year, enterprise=None, project=None, **data):
        # the body's pool code, of the year's programme, and ids, of rows the caller may see
        found = Pool.objects.filter(programme=_programme(actor, year), code=pool).first()
        if found is None:
            raise serializers.ValidationError({"pool": [_("未知培育库代码。")]})
        return services.nomination_create(
            actor=actor,
            pool=found,
            year=year,
            enterprise=visible_row(Enterprise, actor, enterprise),
            project=visible_row(Project, actor, project),
            **data,
        )

    @extend_schema(request=NominationUpdateInput, responses={200: NominationOutput, **ERRORS})
    def partial_update(self, request, pk=None):
        return self.act(
            services.nomination_update,
            NominationUpdateInput,
            on="nomination",
            allowed=permissions.can_edit_nomination,
        )

    def _transition(self, request, pk, name):
        return self.act(
            services.nomination_transition,
            ActionInput,
            on="nomination",
            allowed=lambda user, nomination: permissions.can_transition(user, nomination, name),
            action=name,
        )

    @extend_schema(request=ActionInput, responses={200: NominationOutput, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, pk, "submit")

    @extend_schema(request=ActionInput, responses={200: NominationOutput, **ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(request, pk, "approve")

    @extend_schema(
        request=ActionInput,
        responses={200: NominationOutput, **ERRORS},
        summary="Approve beyond the pool's yearly maximum (the office; `comment` is the reason, required)",
    )
    @action(detail=True, methods=["post"], url_path="approve-over-quota")
    def approve_over_quota(self, request, pk=None):
        return self._transition(request, pk, "approve_over_quota")

    @extend_schema(request=ActionInput, responses={200: NominationOutput, **ERRORS})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._transition(request, pk, "reject")

    @extend_schema(request=ActionInput, responses={200: NominationOutput, **ERRORS})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._transition(request, pk, "return")

    @extend_schema(request=ActionInput, responses={200: NominationOutput, **ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._transition(request, pk, "withdraw")
