"""The funds API under /api/v1/funds/, scoped as the pages: sub-funds and their figures, the trial
balance and journal of a sub-fund (the agency, 金融办, 财政局 and the office), and bridge loans (a bank
its own, an enterprise its own, a town its town's)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from core.api import ActionMixin
from core.api_reads import ERRORS, READ_ERRORS, ScopedReadViewSet, read_schema
from core.parsers import FormParser, JSONParser, MultiPartParser
from core.permissions import allow, deny, require
from enterprises.models import Enterprise
from programs.models import Bank

from . import permissions, selectors
from .bridge_moves import COMMENTED_MOVES, DATA_MOVES
from .models import BridgeLoan, JournalEntry
from .services import bridge as svc
from .workflow import TRANSITIONS


def _sub_fund(code: str):
    sub_fund = selectors.sub_fund_by_code(code)
    if sub_fund is None:
        raise exceptions.NotFound()
    return sub_fund


class SubFundOutput(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    name = serializers.CharField()
    size = serializers.DecimalField(max_digits=18, decimal_places=2)
    paused = serializers.BooleanField()
    paused_reason = serializers.CharField()
    params = serializers.DictField()
    param_sources = serializers.DictField(child=serializers.CharField())


class FiguresOutput(serializers.Serializer):
    code = serializers.CharField(source="sub_fund.code")
    size = serializers.DecimalField(max_digits=18, decimal_places=2)
    committed = serializers.DecimalField(max_digits=18, decimal_places=2)
    paid_in = serializers.DecimalField(max_digits=18, decimal_places=2)
    deployed = serializers.DecimalField(max_digits=18, decimal_places=2)
    outstanding = serializers.DecimalField(max_digits=18, decimal_places=2)
    available = serializers.DecimalField(max_digits=18, decimal_places=2)
    fee_income = serializers.DecimalField(max_digits=18, decimal_places=2)
    penalty_income = serializers.DecimalField(max_digits=18, decimal_places=2)
    leverage = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class SubFundListApi(APIView):
    @extend_schema(
        responses={200: SubFundOutput(many=True), **READ_ERRORS},
        summary="The current programme's sub-funds with their rule parameters (every signed-in account)",
    )
    def get(self, request):
        return Response(SubFundOutput(selectors.current_sub_funds(), many=True).data)


class FundFiguresApi(APIView):
    @extend_schema(
        responses={200: FiguresOutput(many=True), **READ_ERRORS},
        summary="Size, paid-in, deployed, outstanding, available, leverage and income of each sub-fund (overseers)",
    )
    def get(self, request):
        require(permissions.can_view_ledger(request.user))
        return Response(FiguresOutput(selectors.fund_figures(), many=True).data)


class TrialBalanceRowOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    debit_total = serializers.DecimalField(max_digits=18, decimal_places=2)
    credit_total = serializers.DecimalField(max_digits=18, decimal_places=2)
    balance = serializers.DecimalField(max_digits=18, decimal_places=2)


class TrialBalanceOutput(serializers.Serializer):
    sub_fund = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    debit_total = serializers.DecimalField(max_digits=18, decimal_places=2)
    credit_total = serializers.DecimalField(max_digits=18, decimal_places=2)
    accounts = TrialBalanceRowOutput(many=True)


class TrialBalanceApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "date", OpenApiTypes.DATE, description="entries dated on or before (YYYY-MM-DD)"
            ),
        ],
        responses={200: TrialBalanceOutput, **READ_ERRORS},
        summary="The trial balance of a sub-fund (guidance, bridge, guarantee) on a date",
    )
    def get(self, request, code):
        require(permissions.can_view_ledger(request.user))
        sub_fund = _sub_fund(code)
        # a ?date= that is no date: 400 on `date` (core.api.exception_handler)
        balance = selectors.trial_balance_asked(sub_fund, request.query_params.get("date"))
        return Response(
            TrialBalanceOutput(
                {
                    "sub_fund": sub_fund.code,
                    "date": balance.on,
                    "debit_total": balance.debits,
                    "credit_total": balance.credits,
                    "accounts": balance.rows,
                }
            ).data
        )


class LineOutput(serializers.Serializer):
    account = serializers.CharField(source="account.code")
    debit = serializers.DecimalField(max_digits=18, decimal_places=2)
    credit = serializers.DecimalField(max_digits=18, decimal_places=2)


class EntryOutput(serializers.ModelSerializer):
    lines = LineOutput(many=True, read_only=True)
    caused_by = serializers.CharField(source="caused_by.username", default=None, allow_null=True)
    object_type = serializers.CharField(source="content_type.model", default=None, allow_null=True)

    class Meta:
        model = JournalEntry
        fields = [
            "id",
            "date",
            "kind",
            "memo",
            "amount",
            "caused_by",
            "object_type",
            "object_id",
            "reverses",
            "lines",
        ]


@extend_schema(
    responses={200: EntryOutput(many=True), **READ_ERRORS}, summary="The journal of a sub-fund, newest first"
)
class EntryListApi(ListAPIView):
    serializer_class = EntryOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no signed-in user
            return JournalEntry.objects.none()
        require(permissions.can_view_ledger(self.request.user))
        return selectors.ledger_entries(self.request.user, _sub_fund(self.kwargs["code"])).prefetch_related(
            "lines__account"
        )


# --- bridge loans ------------------------------------------------------------------------------------


class BridgeLoanOutput(serializers.ModelSerializer):
    enterprise = serializers.CharField(source="enterprise.name")
    uscc = serializers.CharField(source="enterprise.uscc")
    town = serializers.CharField(source="town.code")
    bank = serializers.CharField(source="bank.code")
    pool = serializers.CharField(source="pool_entry.pool.code", default=None, allow_null=True)
    overdue_age = serializers.CharField()

    class Meta:
        model = BridgeLoan
        fields = [
            "id",
            "state",
            "enterprise",
            "uscc",
            "town",
            "bank",
            "pool",
            "amount",
            "term_days",
            "loan_amount",
            "loan_due_on",
            "renewal_amount",
            "renewal_on",
            "approved_amount",
            "decision_reason",
            "outside_pool_reason",
            "disbursed_on",
            "due_on",
            "repaid_on",
            "renewed_on",
            "fee",
            "overdue_days",
            "overdue_age",
            "penalty_accrued",
            "created_at",
        ]


class BridgeApplyInput(serializers.Serializer):
    # Only enterprises the caller may apply for: another's id is "not found" whether it exists or not.
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none())
    bank = serializers.SlugRelatedField(slug_field="code", queryset=Bank.objects.filter(is_active=True))
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    term_days = serializers.IntegerField(min_value=1, max_value=365)
    loan_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    loan_due_on = serializers.DateField()
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["enterprise"].queryset = Enterprise.objects.visible_to(request.user)


class MoveInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=[a for a in TRANSITIONS if a != "overdue"])
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)
    approved_amount = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True
    )
    outside_pool_reason = serializers.CharField(required=False, allow_blank=True, max_length=500)
    renewal_amount = serializers.DecimalField(max_digits=18, decimal_places=2, required=False)
    renewal_on = serializers.DateField(required=False)
    letter = serializers.FileField(required=False)
    repaid_on = serializers.DateField(required=False)
    renewed_on = serializers.DateField(required=False)


def _bridge_call(service, **kwargs):
    """A bridge service, its ValidationError the API's 400 (`{"detail": […]}` when it names no field)."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        raise exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        ) from exc


def _may_apply_bridge(user):
    # who may apply, before the body is read (the enterprise's own check is the service's)
    if user.role in (Role.ENTERPRISE, Role.TOWN):
        return allow()
    return deny(_("只有企业本身或其所在街镇可以申请过桥资金。"))


@read_schema(
    list="Bridge loans the caller may see (a bank: its own; an enterprise: its own; a town: its town's)",
    one="One bridge loan",
    output=BridgeLoanOutput,
    errors=ERRORS,
)
class BridgeLoanViewSet(ActionMixin, ScopedReadViewSet):
    serializer_class = BridgeLoanOutput
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.bridge_loans_for(
            self.request.user, state=self.request.query_params.get("state", "")[:12]
        )

    @extend_schema(
        request=BridgeApplyInput,
        responses={201: BridgeLoanOutput, **ERRORS},
        summary="Apply for a bridge loan (the enterprise, or its town on its behalf)",
    )
    def create(self, request):
        return self.act(self._apply, BridgeApplyInput, allowed=_may_apply_bridge, status=201)

    def _apply(self, **values):
        return _bridge_call(svc.bridge_apply, sub_fund=_sub_fund("bridge"), **values)

    @extend_schema(
        request=MoveInput,
        responses={200: BridgeLoanOutput, **ERRORS},
        summary="Move a bridge loan: recommend, decline, confirm (multipart, with the letter), approve, reject, disburse, repay, withdraw",
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        return self.act(self._move, MoveInput, on="loan")

    def _move(self, *, actor, loan, action, comment="", **data):
        if action not in DATA_MOVES:
            return _bridge_call(COMMENTED_MOVES[action], actor=actor, loan=loan, comment=comment)
        service, fields = DATA_MOVES[action]
        given = {field: data.get(field, default) for field, default in fields.items()}
        return _bridge_call(service, actor=actor, loan=loan, comment=comment, **given)
