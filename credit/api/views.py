"""Credit API views: records, appeals, ratings, status."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import IdLookupMixin
from core.parsers import FormParser, JSONParser, MultiPartParser
from core.permissions import require
from enterprises.models import Enterprise

from .. import permissions, selectors, services
from ..models import (
    Appeal,
    CreditStatus,
    Rating,
)
from .common import ERRORS
from .filters import AppealFilter, RatingFilter, RecordFilter, StatusFilter
from .serializers import (
    AppealInput,
    AppealOutput,
    DecisionInput,
    RateInput,
    RateOutput,
    RatingDetailOutput,
    RatingOutput,
    ReasonInput,
    RecordCreateInput,
    RecordKindInput,
    RecordOutput,
    StatusDetailOutput,
    StatusOutput,
)

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
