"""Docking API under /api/v1/docking/: meetings, green-channel applications and the bank figures,
scoped as the pages (each model's visible_to)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ActionMixin
from core.api_reads import READ_ERRORS as ERRORS
from core.api_reads import ScopedReadViewSet
from core.parsers import FormParser, JSONParser
from core.permissions import require
from enterprises.uscc import normalize

from . import permissions, selectors, services
from .models import (
    ApplicationState,
    DockingSetting,
    Intention,
    LoanApplication,
    Meeting,
    MeetingState,
    RefusalReason,
)
from .workflow import APPLICATIONS


# The base of a row between a bank and an enterprise (an intention, an application): the bank's code,
# the enterprise's USCC and name; subclasses list them in Meta.fields. No docstring: the schema would
# show it as every subclass's description.
class BankEnterpriseRowOutput(serializers.ModelSerializer):
    bank = serializers.CharField(source="bank.code")
    enterprise = serializers.CharField(source="enterprise.uscc")
    enterprise_name = serializers.CharField(source="enterprise.name")


class IntentionOutput(BankEnterpriseRowOutput):
    application = serializers.IntegerField(source="application_id", allow_null=True)

    class Meta:
        model = Intention
        fields = [
            "id",
            "bank",
            "enterprise",
            "enterprise_name",
            "amount",
            "product",
            "contact",
            "state",
            "application",
            "end_reason",
            "end_note",
        ]


class MeetingOutput(serializers.ModelSerializer):
    banks = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "title", "form", "held_on", "place", "state", "banks"]

    def get_banks(self, obj) -> list[str]:
        return [b.code for b in obj.banks.all()]


class MeetingDetailOutput(MeetingOutput):
    intentions = serializers.SerializerMethodField()

    class Meta(MeetingOutput.Meta):
        fields = [*MeetingOutput.Meta.fields, "intentions"]

    @extend_schema_field(IntentionOutput(many=True))
    def get_intentions(self, obj) -> list[dict]:
        user = self.context["request"].user
        return IntentionOutput(selectors.intentions_for(user, meeting=obj), many=True).data


class ApplicationOutput(BankEnterpriseRowOutput):
    bank_name = serializers.CharField(source="bank.name")

    class Meta:
        model = LoanApplication
        fields = [
            "id",
            "bank",
            "bank_name",
            "enterprise",
            "enterprise_name",
            "product",
            "amount_applied",
            "amount_granted",
            "applied_on",
            "approved_on",
            "disbursed_on",
            "state",
            "refusal_reason",
            "refusal_note",
            "qualifying",
        ]


class BankFiguresOutput(serializers.Serializer):
    bank = serializers.CharField()
    bank_name = serializers.CharField()
    applications = serializers.IntegerField()
    applied = serializers.IntegerField()
    granted = serializers.IntegerField()
    disbursed = serializers.IntegerField()
    refused = serializers.IntegerField()
    amount_granted = serializers.DecimalField(max_digits=16, decimal_places=2)
    median_approve_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    median_disburse_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    qualifying_decided = serializers.IntegerField()
    qualifying_granted = serializers.IntegerField()
    rate = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="应贷尽贷率 (%); null when unknown"
    )
    waiting_too_long = serializers.IntegerField()


class YearInput(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


@extend_schema_view(
    list=extend_schema(
        summary="银企对话会 the caller may see (金融办/office: all; a bank, an enterprise: invited; a town: its enterprises invited)",
        parameters=[
            OpenApiParameter("state", str, enum=MeetingState.values, required=False),
        ],
    ),
    retrieve=extend_schema(
        summary="One meeting and the intentions the caller may see",
        responses={200: MeetingDetailOutput, **ERRORS},
    ),
)
class MeetingViewSet(ScopedReadViewSet):
    serializer_class = MeetingOutput

    def get_queryset(self):
        state = self.request.query_params.get("state", "")
        return selectors.meetings_for(self.request.user, state=state if state in MeetingState.values else "")

    def get_serializer_class(self):
        return MeetingDetailOutput if self.action == "retrieve" else MeetingOutput


@extend_schema_view(
    list=extend_schema(
        summary="Green-channel loan applications the caller may see (a bank: its own; an enterprise: its own; a town: its enterprises'; a department: of enterprises in its pools)",
        parameters=[
            OpenApiParameter("state", str, enum=ApplicationState.values, required=False),
            OpenApiParameter("waiting", bool, required=False, description="only those waiting too long"),
        ],
    ),
    retrieve=extend_schema(summary="One application", responses={200: ApplicationOutput, **ERRORS}),
)
class ApplicationViewSet(ScopedReadViewSet):
    serializer_class = ApplicationOutput

    def get_queryset(self):
        params = self.request.query_params
        state = params.get("state", "")
        return selectors.applications_for(
            self.request.user,
            state=state if state in ApplicationState.values else "",
            waiting=params.get("waiting", "").lower() in ("1", "true"),
        )


class BankFiguresApi(APIView):
    @extend_schema(
        summary="Each bank's approval times, 应贷尽贷 rate and applications waiting too long (金融办/office: every bank; a bank: its own)",
        parameters=[YearInput],
        responses={200: BankFiguresOutput(many=True), **ERRORS},
    )
    def get(self, request):
        require(permissions.can_view_bank_figures(request.user))
        data = YearInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        lines, _total = selectors.bank_figures_for(
            request.user,
            year=data.validated_data.get("year"),
            today=timezone.localdate(),
            limit=DockingSetting.current().waiting_days,
        )
        rows = [
            {
                "bank": bank.code,
                "bank_name": bank.name,
                **{
                    name: getattr(f, name)
                    for name in BankFiguresOutput().fields
                    if name not in ("bank", "bank_name")
                },
            }
            for bank, f in lines
        ]
        return Response(BankFiguresOutput(rows, many=True).data)


# --- writes: the bank records an application and its steps ----------------------------------------


class ApplicationCreateInput(serializers.Serializer):
    # the body's USCC, the data's enterprise (the service's argument)
    uscc = serializers.CharField(
        max_length=18, source="enterprise", help_text="统一社会信用代码 of a pool enterprise"
    )
    product = serializers.CharField(max_length=60)
    amount_applied = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    applied_on = serializers.DateField()
    intention = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    def validate_uscc(self, value):
        enterprise = selectors.pool_entries().filter(uscc=normalize(value)).first()
        if enterprise is None:
            raise serializers.ValidationError(_("绿色通道只受理列入培育库的企业（项目）的贷款申请。"))
        return enterprise

    def validate_intention(self, value):
        intention = selectors.intentions_for(self.context["request"].user).filter(pk=value).first()
        if intention is None:
            raise serializers.ValidationError(_("没有这条融资意向。"))
        return intention


class ApproveInput(serializers.Serializer):
    approved_on = serializers.DateField()
    amount_granted = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))


class DisburseInput(serializers.Serializer):
    disbursed_on = serializers.DateField()


class RefuseInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=RefusalReason.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ApplicationWriteViewSet(ActionMixin, ApplicationViewSet):
    """The list and detail above, and the bank's writes."""

    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=ApplicationCreateInput,
        responses={201: ApplicationOutput},
        summary="Record a pool enterprise's loan application (a bank's account; its own bank)",
    )
    def create(self, request):
        return self.act(
            services.application_create,
            ApplicationCreateInput,
            allowed=permissions.can_work_as_bank,
            status=201,
        )

    def _move(self, request, action, input_class, service):
        return self.act(
            service,
            input_class,
            on="application",
            allowed=lambda user, application: APPLICATIONS.allowed(user, application, action),
        )

    @extend_schema(
        request=ApproveInput,
        responses={200: ApplicationOutput},
        summary="Approve (the bank that received it)",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._move(request, "approve", ApproveInput, services.application_approve)

    @extend_schema(
        request=DisburseInput, responses={200: ApplicationOutput}, summary="Record the disbursement"
    )
    @action(detail=True, methods=["post"])
    def disburse(self, request, pk=None):
        return self._move(request, "disburse", DisburseInput, services.application_disburse)

    @extend_schema(
        request=RefuseInput, responses={200: ApplicationOutput}, summary="Refuse, with a reason from the list"
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._move(request, "refuse", RefuseInput, services.application_refuse)
