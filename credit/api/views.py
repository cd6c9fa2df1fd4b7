"""Credit API views: records, appeals, ratings, status."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action

from core.api import ActionMixin, visible_row
from core.api_reads import ERRORS, ScopedReadViewSet
from core.parsers import FormParser, JSONParser, MultiPartParser
from enterprises.models import Enterprise

from .. import permissions, selectors, services
from ..models import (
    Appeal,
    CreditStatus,
    Rating,
)
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
class CreditRecordViewSet(ActionMixin, ScopedReadViewSet):
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
        return self.act(services.record_create, RecordCreateInput, allowed=self._may_record, status=201)

    def _may_record(self, user):
        # Who may record, and of which kind, before the rest of the body is read: an outsider's 403
        # does not depend on whether the USCC is registered.
        decision = permissions.can_create_records(user)
        kind = RecordKindInput(data=self.request.data)
        if decision and kind.is_valid():
            return permissions.can_create_record(user, kind.validated_data["kind"])
        return decision

    @extend_schema(
        request=AppealInput,
        responses={201: AppealOutput, **ERRORS},
        summary="Object to a record (the enterprise concerned)",
    )
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        return self.act(
            services.appeal_create,
            AppealInput,
            on="record",
            allowed=permissions.can_appeal,
            output=AppealOutput,
            status=201,
        )

    @extend_schema(
        request=ReasonInput,
        responses={200: RecordOutput, **ERRORS},
        summary="Withdraw a record (its source department); it stops counting",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self.act(
            services.record_withdraw, ReasonInput, on="record", allowed=permissions.can_withdraw_record
        )


@extend_schema_view(
    list=extend_schema(summary="Objections the caller may see"),
    retrieve=extend_schema(responses={200: AppealOutput, **ERRORS}),
)
class AppealViewSet(ActionMixin, ScopedReadViewSet):
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
        return self.act(
            services.appeal_decide, DecisionInput, on="appeal", allowed=permissions.can_decide_appeal
        )


@extend_schema_view(
    list=extend_schema(summary="Rating history (append-only) the caller may see; explanation on each rating"),
    retrieve=extend_schema(
        summary="One rating with the explanation: every record and rule that moved the score "
        "(per kind only, for callers who may not see the records)",
        responses={200: RatingDetailOutput, **ERRORS},
    ),
)
class RatingViewSet(ActionMixin, ScopedReadViewSet):
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
        return self.act(self._rate, RateInput, allowed=permissions.can_rate, output=RateOutput)

    def _rate(self, *, actor, enterprise):
        enterprise = visible_row(Enterprise, actor, enterprise)
        rating = services.rate_on_demand(actor=actor, enterprise=enterprise)
        return {"changed": rating is not None, "queued": enterprise is None, "rating": rating}


@extend_schema_view(
    list=extend_schema(summary="Current credit status per enterprise (grade, blacklist)"),
    retrieve=extend_schema(
        summary="One enterprise's status, with why and since when it is blocked",
        responses={200: StatusDetailOutput, **ERRORS},
    ),
)
class CreditStatusViewSet(ScopedReadViewSet):
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
