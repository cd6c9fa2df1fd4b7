from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from core.list_pages import FilterForm
from programs.models import Bank

from . import selectors
from .models import (
    ApplicationState,
    Difficulty,
    EndReason,
    IntentionState,
    MeetingForm,
    MeetingState,
    RefusalReason,
    VisitForm,
)


class DateInput(forms.DateInput):
    input_type = "date"


class _EnterpriseChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.uscc}）"


class _EnterpriseMultiple(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        mark = "★ " if getattr(obj, "in_pool", False) else ""
        return f"{mark}{obj.name}（{obj.uscc}）"


class MeetingFilterForm(FilterForm):
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *MeetingState.choices]
    )
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)


class MeetingCreateForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("名称"), max_length=100)
    form = forms.ChoiceField(label=_("形式"), choices=MeetingForm.choices)
    held_on = forms.DateField(label=_("日期"), widget=DateInput)
    place = forms.CharField(label=_("地点"), max_length=100)
    banks = forms.ModelMultipleChoiceField(
        label=_("邀请银行"), queryset=Bank.objects.filter(is_active=True), widget=forms.CheckboxSelectMultiple
    )
    enterprises = _EnterpriseMultiple(
        label=_("邀请企业（★ 为培育库企业）"),
        queryset=selectors.invitable_enterprises(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprises"].queryset = selectors.invitable_enterprises()


class IntentionForm(BootstrapFormMixin, forms.Form):
    bank = forms.ModelChoiceField(label=_("银行"), queryset=Bank.objects.none())
    enterprise = _EnterpriseChoice(label=_("企业"), queryset=Bank.objects.none())
    amount = forms.DecimalField(label=_("意向金额（万元）"), max_digits=14, decimal_places=2, min_value=0.01)
    product = forms.CharField(label=_("信贷产品"), max_length=60)
    contact = forms.CharField(label=_("联系人"), max_length=60)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = meeting.banks.order_by("order", "code")
        self.fields["enterprise"].queryset = meeting.enterprises.order_by("name")


class DropForm(BootstrapFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("终止原因"), choices=EndReason.choices)
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class ApplicationFilterForm(FilterForm):
    q = forms.CharField(label=_("企业或信用代码"), required=False, max_length=60)
    bank = forms.ModelChoiceField(
        label=_("银行"),
        queryset=Bank.objects.filter(is_active=True),
        required=False,
        empty_label=_("全部银行"),
    )
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *ApplicationState.choices]
    )
    year = forms.IntegerField(label=_("申请年度"), required=False, min_value=2000, max_value=2100)
    waiting = forms.BooleanField(label=_("只看等待过久"), required=False)

    def filters(self, d: dict) -> dict:
        return {
            "search": d.get("q") or "",
            "bank": d.get("bank"),
            "state": d.get("state") or "",
            "year": d.get("year"),
            "waiting": bool(d.get("waiting")),
        }


class ApplicationCreateForm(BootstrapFormMixin, forms.Form):
    enterprise = _EnterpriseChoice(label=_("培育库企业"), queryset=Bank.objects.none())
    product = forms.CharField(label=_("信贷产品"), max_length=60)
    amount_applied = forms.DecimalField(
        label=_("申请金额（万元）"), max_digits=14, decimal_places=2, min_value=0.01
    )
    applied_on = forms.DateField(label=_("申请日期"), widget=DateInput, initial=timezone.localdate)
    intention = forms.ModelChoiceField(
        label=_("对应的融资意向（如有）"), queryset=Bank.objects.none(), required=False, empty_label=_("无")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = selectors.pool_entries()
        self.fields["intention"].queryset = selectors.intentions_for(user, state=IntentionState.OPEN)
        self.fields["intention"].label_from_instance = lambda i: (
            f"{i.meeting.held_on:%Y-%m-%d} {i.enterprise.name} {i.amount}万元 {i.product}"
        )


class ApproveForm(BootstrapFormMixin, forms.Form):
    approved_on = forms.DateField(label=_("审批日期"), widget=DateInput, initial=timezone.localdate)
    amount_granted = forms.DecimalField(
        label=_("批准金额（万元）"), max_digits=14, decimal_places=2, min_value=0.01
    )


class DisburseForm(BootstrapFormMixin, forms.Form):
    disbursed_on = forms.DateField(label=_("放款日期"), widget=DateInput, initial=timezone.localdate)


class RefuseForm(BootstrapFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("未批准原因"), choices=RefusalReason.choices)
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class FiguresFilterForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("申请年度"), required=False, min_value=2000, max_value=2100)


class SpecialistForm(BootstrapFormMixin, forms.Form):
    enterprise = _EnterpriseChoice(label=_("培育库企业"), queryset=Bank.objects.none())
    user = forms.ModelChoiceField(label=_("信贷专员"), queryset=Bank.objects.none())
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = selectors.pool_entries()
        self.fields["user"].queryset = selectors.bank_staff(user.bank_id)


class VisitLogForm(BootstrapFormMixin, forms.Form):
    visited_on = forms.DateField(label=_("走访日期"), widget=DateInput, initial=timezone.localdate)
    form = forms.ChoiceField(label=_("形式"), choices=VisitForm.choices)
    people_met = forms.CharField(label=_("接待人员"), max_length=200)
    difficulties = forms.MultipleChoiceField(
        label=_("发现的困难"), choices=Difficulty.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    difficulty_note = forms.CharField(
        label=_("困难说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up = forms.CharField(label=_("跟进措施"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_visit_on = forms.DateField(label=_("下次走访日期"), widget=DateInput, required=False)


class SettingsForm(BootstrapFormMixin, forms.Form):
    waiting_days = forms.IntegerField(label=_("审批、放款超过多少天提示"), min_value=1, max_value=365)
