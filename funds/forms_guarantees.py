"""Forms of the guarantee and guidance pages: thin, the services validate the rules."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from core.list_pages import FilterForm
from enterprises.selectors import registered_enterprise
from programs.models import Bank

from .models.guarantees import GuaranteeState

MONEY = {"max_digits": 18, "decimal_places": 2}
SHARE = {"max_digits": 5, "decimal_places": 4, "min_value": Decimal(0), "max_value": Decimal(1)}


class GuaranteeFilterForm(FilterForm):
    q = forms.CharField(label=_("企业或合同编号"), required=False)
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *GuaranteeState.choices]
    )
    bank = forms.ModelChoiceField(
        label=_("贷款银行"), queryset=Bank.objects.all(), required=False, empty_label=_("全部银行")
    )
    as_of = forms.DateField(label=_("截至日期"), required=False, widget=forms.DateInput())

    def filters(self, data: dict) -> dict:
        return {
            "q": data["q"].strip(),
            "state": data["state"],
            "bank": data["bank"].pk if data["bank"] else None,
            "as_of": data["as_of"],
        }


class GuaranteeForm(BootstrapFormMixin, forms.Form):
    uscc = forms.CharField(label=_("借款企业统一社会信用代码"), max_length=18)
    loan_contract = forms.CharField(label=_("借款合同编号"), max_length=60)
    principal = forms.DecimalField(label=_("贷款本金（元）"), **MONEY)
    loan_start = forms.DateField(label=_("贷款起始日"), widget=forms.DateInput)
    loan_end = forms.DateField(label=_("贷款到期日"), widget=forms.DateInput)
    fee_rate = forms.DecimalField(
        label=_("担保费率（年，如 0.01 即 1%）"), max_digits=7, decimal_places=6, min_value=Decimal(0)
    )
    bank_share = forms.DecimalField(label=_("银行分担比例"), initial=Decimal("0.2"), **SHARE)
    fund_share = forms.DecimalField(label=_("担保基金分担比例"), initial=Decimal("0.8"), **SHARE)
    other_share = forms.DecimalField(label=_("其他分担比例"), initial=Decimal("0"), **SHARE)
    other_party = forms.CharField(label=_("其他分担方"), max_length=100, required=False)
    draft = forms.BooleanField(label=_("暂存草稿，不提交"), required=False)

    def clean_uscc(self):
        self.enterprise = registered_enterprise(self.cleaned_data["uscc"])
        return self.enterprise.uscc

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("uscc")
        submit = not data.pop("draft")
        return {**data, "enterprise": self.enterprise, "submit": submit}


class MoveForm(BootstrapFormMixin, forms.Form):
    """The fields a move may carry; each action reads its own."""

    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    outside_pool_reason = forms.CharField(label=_("库外支持理由"), max_length=300, required=False)
    released_on = forms.DateField(label=_("解保日期"), required=False, widget=forms.DateInput)
    default_on = forms.DateField(label=_("逾期日期"), required=False, widget=forms.DateInput)
    outstanding_principal = forms.DecimalField(label=_("未偿本金（元）"), required=False, **MONEY)
    paid_on = forms.DateField(label=_("代偿日期"), required=False, widget=forms.DateInput)

    FIELDS = {
        "approve": ("outside_pool_reason",),
        "release": ("released_on",),
        "claim": ("default_on", "outstanding_principal"),
        "pay": ("paid_on",),
    }

    def service_kwargs(self, action: str) -> dict:
        data = {"comment": self.cleaned_data.get("comment") or ""}
        for name in self.FIELDS.get(action, ()):
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                data[name] = value
        return data


class RecoveryForm(BootstrapFormMixin, forms.Form):
    amount = forms.DecimalField(label=_("追回金额（元）"), **MONEY)
    recovered_on = forms.DateField(label=_("追回日期"), required=False, widget=forms.DateInput)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
