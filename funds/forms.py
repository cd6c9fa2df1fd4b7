from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from core.list_pages import FilterForm
from programs.models import Bank, Town

from .models import AGE_LABELS, BridgeLoanState
from .rules import BOOL, INT, params_of


class BridgeApplyForm(BootstrapFormMixin, forms.Form):
    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=None)
    bank = forms.ModelChoiceField(label=_("贷款银行"), queryset=Bank.objects.filter(is_active=True))
    loan_amount = forms.DecimalField(
        label=_("到期贷款金额（元）"), max_digits=18, decimal_places=2, min_value=0
    )
    loan_due_on = forms.DateField(label=_("贷款到期日"), widget=forms.DateInput())
    amount = forms.DecimalField(label=_("申请过桥金额（元）"), max_digits=18, decimal_places=2, min_value=0)
    term_days = forms.IntegerField(label=_("使用天数"), min_value=1, max_value=365)
    purpose = forms.CharField(
        label=_("说明"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        if enterprises.count() == 1:
            self.fields["enterprise"].initial = enterprises.first()


class BridgeConfirmForm(BootstrapFormMixin, forms.Form):
    renewal_amount = forms.DecimalField(
        label=_("续贷承诺金额（元）"), max_digits=18, decimal_places=2, min_value=0
    )
    renewal_on = forms.DateField(label=_("承诺续贷日期"), widget=forms.DateInput())
    letter = forms.FileField(label=_("续贷承诺函"))
    comment = forms.CharField(label=_("意见"), required=False, max_length=500)


class BridgeApproveForm(BootstrapFormMixin, forms.Form):
    approved_amount = forms.DecimalField(
        label=_("批准金额（元）"), max_digits=18, decimal_places=2, min_value=0, required=False
    )
    outside_pool_reason = forms.CharField(label=_("培育库外准入理由"), required=False, max_length=500)
    comment = forms.CharField(label=_("审批意见"), required=False, max_length=500)


class BridgeRepayForm(BootstrapFormMixin, forms.Form):
    renewed_on = forms.DateField(label=_("银行续贷日期"), widget=forms.DateInput())
    repaid_on = forms.DateField(label=_("过桥资金归还日期"), widget=forms.DateInput())
    comment = forms.CharField(label=_("说明"), required=False, max_length=500)


class BridgeFilterForm(FilterForm):
    q = forms.CharField(label=_("企业名称"), required=False, max_length=60)
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *BridgeLoanState.choices]
    )
    age = forms.ChoiceField(
        label=_("逾期账龄"), required=False, choices=[("", _("全部")), *AGE_LABELS.items()]
    )
    bank = forms.ModelChoiceField(
        label=_("银行"), required=False, queryset=Bank.objects.all(), empty_label=_("全部银行")
    )
    town = forms.ModelChoiceField(
        label=_("街镇"), required=False, queryset=Town.objects.all(), empty_label=_("全部街镇")
    )
    as_of = forms.DateField(label=_("截至日期"), required=False, widget=forms.DateInput())


class AsOfForm(BootstrapFormMixin, forms.Form):
    """截至日期 of the fund overview: the figures as they stood at the end of that day."""

    as_of = forms.DateField(label=_("截至日期"), required=False, widget=forms.DateInput())

    def as_of_value(self):
        return self.cleaned_data["as_of"] if self.is_valid() else None


class LedgerFilterForm(FilterForm):
    since = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput())
    until = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput())
    kind = forms.CharField(label=_("业务类型"), required=False, max_length=32)


def params_form(sub_fund, data=None):
    """A form of the sub-fund's declared parameters (funds.rules), as text: the service validates."""
    fields = {}
    for p in params_of(sub_fund.kind):
        value = (sub_fund.params or {}).get(p.key)
        if p.type == BOOL:
            fields[p.key] = forms.BooleanField(label=p.label, required=False, initial=bool(value))
        else:
            fields[p.key] = forms.CharField(
                label=p.label,
                initial=value,
                max_length=30,
                help_text=escape((sub_fund.param_sources or {}).get(p.key, "")),
                widget=forms.TextInput(attrs={"inputmode": "numeric" if p.type == INT else "decimal"}),
            )
    form_class = type("ParamsForm", (BootstrapFormMixin, forms.Form), fields)
    return form_class(data)
