"""Guarantees and guidance investments on the API (/api/v1/funds/guarantees/, /api/v1/funds/investments/),
scoped exactly as the pages (Model.objects.visible_to): a bank reads its own, an enterprise its own, a
town its enterprises', the fund's readers all."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound

from core.api import ActionMixin
from core.api_reads import ERRORS, ScopedReadViewSet, read_schema
from core.parsers import FormParser, JSONParser, MultiPartParser
from core.permissions import require
from enterprises.api import EnterpriseRowOutput
from enterprises.selectors import registered_enterprise

from . import permissions_guarantees as permissions
from .models.guarantees import Guarantee, GuaranteeClaim, GuaranteeRecovery, GuaranteeState
from .models.guidance import CoInvestor, GuidanceInvestment, InvestmentState
from .selectors import sub_fund_by_code
from .services import guarantees as services
from .workflow_guarantees import GUARANTEES

MONEY = {"max_digits": 18, "decimal_places": 2, "coerce_to_string": False}


class RecoveryOutput(serializers.ModelSerializer):
    amount = serializers.DecimalField(**MONEY)
    fund_amount = serializers.DecimalField(**MONEY)
    bank_amount = serializers.DecimalField(**MONEY)
    other_amount = serializers.DecimalField(**MONEY)

    class Meta:
        model = GuaranteeRecovery
        fields = ["id", "amount", "fund_amount", "bank_amount", "other_amount", "recovered_on", "note"]


class ClaimOutput(serializers.ModelSerializer):
    outstanding_principal = serializers.DecimalField(**MONEY)
    fund_amount = serializers.DecimalField(**MONEY)
    bank_amount = serializers.DecimalField(**MONEY)
    other_amount = serializers.DecimalField(**MONEY)
    recovered = serializers.DecimalField(**MONEY)
    recovered_fund = serializers.DecimalField(**MONEY)
    recoveries = RecoveryOutput(many=True)

    class Meta:
        model = GuaranteeClaim
        fields = [
            "id", "state", "default_on", "outstanding_principal", "fund_amount", "bank_amount",
            "other_amount", "due_on", "paid_on", "decision_note", "recovered", "recovered_fund", "recoveries",
        ]  # fmt: skip


class GuaranteeOutput(EnterpriseRowOutput):
    bank = serializers.CharField(source="bank.code")
    bank_name = serializers.CharField(source="bank.name")
    principal = serializers.DecimalField(**MONEY)
    fee_amount = serializers.DecimalField(**MONEY)
    exposure = serializers.DecimalField(**MONEY)
    fee_rate = serializers.DecimalField(max_digits=7, decimal_places=6, coerce_to_string=False)
    bank_share = serializers.DecimalField(max_digits=5, decimal_places=4, coerce_to_string=False)
    fund_share = serializers.DecimalField(max_digits=5, decimal_places=4, coerce_to_string=False)
    other_share = serializers.DecimalField(max_digits=5, decimal_places=4, coerce_to_string=False)
    claims = ClaimOutput(many=True)

    class Meta:
        model = Guarantee
        fields = [
            "id", "state", "bank", "bank_name", "enterprise", "enterprise_uscc", "enterprise_name",
            "nomination", "outside_pool_reason", "loan_contract", "principal", "loan_start", "loan_end",
            "fee_rate", "fee_amount", "bank_share", "fund_share", "other_share", "other_party", "exposure",
            "submitted_at", "decided_at", "released_on", "claims",
        ]  # fmt: skip


class GuaranteeInput(serializers.Serializer):
    uscc = serializers.CharField(max_length=18, source="enterprise")  # the service's enterprise
    loan_contract = serializers.CharField(max_length=60)
    principal = serializers.DecimalField(max_digits=18, decimal_places=2)
    loan_start = serializers.DateField()
    loan_end = serializers.DateField()
    fee_rate = serializers.DecimalField(max_digits=7, decimal_places=6, min_value=0)
    bank_share = serializers.DecimalField(max_digits=5, decimal_places=4, min_value=0, max_value=1)
    fund_share = serializers.DecimalField(max_digits=5, decimal_places=4, min_value=0, max_value=1)
    other_share = serializers.DecimalField(
        max_digits=5, decimal_places=4, min_value=0, max_value=1, default=0
    )
    other_party = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    submit = serializers.BooleanField(default=True)

    def validate_uscc(self, value):
        return registered_enterprise(value)


class GuaranteeMoveInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=[t.action for t in GUARANTEES])
    comment = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)
    outside_pool_reason = serializers.CharField(required=False, allow_blank=True, max_length=300)
    released_on = serializers.DateField(required=False)
    default_on = serializers.DateField(required=False)
    outstanding_principal = serializers.DecimalField(max_digits=18, decimal_places=2, required=False)
    paid_on = serializers.DateField(required=False)


class RecoveryInput(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    recovered_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)


class GuaranteeFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=GuaranteeState.choices)
    bank = django_filters.CharFilter(field_name="bank__code")
    uscc = django_filters.CharFilter(field_name="enterprise__uscc")

    class Meta:
        model = Guarantee
        fields = ["state", "bank", "uscc"]


@read_schema(
    list="Guarantees the caller may see (a bank: its own; the fund's readers: all)",
    one="One guarantee with its claims and recoveries",
    output=GuaranteeOutput,
    errors=ERRORS,
)
class GuaranteeViewSet(ActionMixin, ScopedReadViewSet):
    serializer_class = GuaranteeOutput
    filterset_class = GuaranteeFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return (
            Guarantee.objects.visible_to(self.request.user)
            .select_related("bank", "enterprise")
            .prefetch_related("claims__recoveries")
            .order_by("-created_at", "-id")
        )

    @extend_schema(
        request=GuaranteeInput,
        responses={201: GuaranteeOutput, **ERRORS},
        summary="A bank applies for a guarantee",
    )
    def create(self, request):
        return self.act(self._create, GuaranteeInput, allowed=permissions.can_create_guarantee, status=201)

    def _create(self, **values):
        fund = sub_fund_by_code("guarantee")
        if fund is None:
            raise NotFound()
        return services.guarantee_create(fund=fund, **values)

    @extend_schema(
        request=GuaranteeMoveInput,
        responses={200: GuaranteeOutput, **ERRORS},
        summary="A declared move: submit, withdraw, release, claim (the bank); approve, reject, pay, decline (the agency)",
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        return self.act(self._move, GuaranteeMoveInput, on="guarantee")

    def _move(self, *, actor, guarantee, action, **values):
        require(GUARANTEES.allowed(actor, guarantee, action))  # the move is named in the body
        return services.guarantee_transition(actor=actor, guarantee=guarantee, action=action, **values)

    @extend_schema(
        request=RecoveryInput,
        responses={201: RecoveryOutput, **ERRORS},
        summary="Book a recovery (追偿) after the compensation",
    )
    @action(detail=True, methods=["post"])
    def recoveries(self, request, pk=None):
        return self.act(
            services.recovery_record,
            RecoveryInput,
            on="guarantee",
            allowed=permissions.can_record_recovery,
            output=RecoveryOutput,
            status=201,
        )


class CoInvestorOutput(serializers.ModelSerializer):
    amount = serializers.DecimalField(**MONEY)

    class Meta:
        model = CoInvestor
        fields = ["name", "amount"]


class InvestmentOutput(EnterpriseRowOutput):
    amount = serializers.DecimalField(**MONEY)
    social_amount = serializers.DecimalField(**MONEY)
    proceeds = serializers.DecimalField(**MONEY)
    co_investors = CoInvestorOutput(many=True)

    class Meta:
        model = GuidanceInvestment
        fields = [
            "id", "state", "enterprise", "enterprise_uscc", "enterprise_name", "nomination", "outside_pool_reason",
            "amount", "social_amount", "co_investors", "invested_on", "closed_on", "proceeds", "buyer",
        ]  # fmt: skip


class InvestmentFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=InvestmentState.choices)

    class Meta:
        model = GuidanceInvestment
        fields = ["state"]


@read_schema(
    list="Guidance-fund investments the caller may see (the fund's readers; an enterprise its own)",
    one="One guidance-fund investment",
    output=InvestmentOutput,
    errors=ERRORS,
)
class InvestmentViewSet(ScopedReadViewSet):
    serializer_class = InvestmentOutput
    filterset_class = InvestmentFilter

    def get_queryset(self):
        return (
            GuidanceInvestment.objects.visible_to(self.request.user)
            .select_related("enterprise")
            .prefetch_related("co_investors")
            .order_by("-invested_on", "-id")
        )
