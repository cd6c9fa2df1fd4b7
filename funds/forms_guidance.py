"""Forms of the guidance fund's write pages (产业引导基金): thin, the services validate the rules."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from enterprises.selectors import registered_enterprise

MONEY = {"max_digits": 18, "decimal_places": 2}
LINE = re.compile(r"^(?P<name>.+?)[\s,，、:：]+(?P<amount>[0-9][0-9.,，]*)$")


class InvestmentForm(BootstrapFormMixin, forms.Form):
    uscc = forms.CharField(label=_("被投企业统一社会信用代码"), max_length=18)
    amount = forms.DecimalField(label=_("引导基金出资（元）"), **MONEY)
    co_investors = forms.CharField(
        label=_("社会资本方及出资（元）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一家：名称 金额，如“临沂产业投资有限公司 7000000”。"),
    )
    invested_on = forms.DateField(label=_("投资日期"), required=False, widget=forms.DateInput)
    outside_pool_reason = forms.CharField(label=_("库外支持理由"), max_length=300, required=False)

    def clean_uscc(self):
        self.enterprise = registered_enterprise(self.cleaned_data["uscc"])
        return self.enterprise.uscc

    def clean_co_investors(self) -> list[tuple[str, Decimal]]:
        parsed = []
        for raw in self.cleaned_data["co_investors"].splitlines():
            line = raw.strip()
            if not line:
                continue
            match = LINE.match(line)
            try:
                amount = Decimal(match["amount"].replace(",", "").replace("，", "")) if match else None
            except InvalidOperation:
                amount = None
            if match is None or amount is None:
                raise forms.ValidationError(
                    _("“%(line)s”应写作“名称 金额”，金额以元为单位。") % {"line": line[:60]}
                )
            parsed.append((match["name"].strip(), amount))
        if not parsed:
            raise forms.ValidationError(_("请至少填写一家社会资本方。"))
        return parsed

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("uscc")
        return {**data, "enterprise": self.enterprise}


class ExitForm(BootstrapFormMixin, forms.Form):
    proceeds = forms.DecimalField(label=_("退出收回（元）"), **MONEY)
    closed_on = forms.DateField(label=_("退出日期"), required=False, widget=forms.DateInput)


class BuybackForm(BootstrapFormMixin, forms.Form):
    buyer = forms.CharField(label=_("回购方"), max_length=100)
    closed_on = forms.DateField(label=_("回购日期"), required=False, widget=forms.DateInput)


class CapitalCallForm(BootstrapFormMixin, forms.Form):
    amount = forms.DecimalField(label=_("缴款总额（元）"), **MONEY)
    called_on = forms.DateField(label=_("缴款通知日"), required=False, widget=forms.DateInput)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class CallPaymentForm(BootstrapFormMixin, forms.Form):
    paid_on = forms.DateField(label=_("缴付日期"), required=False, widget=forms.DateInput)


class DistributionForm(BootstrapFormMixin, forms.Form):
    amount = forms.DecimalField(label=_("分配总额（元）"), **MONEY)
    distributed_on = forms.DateField(label=_("分配日期"), required=False, widget=forms.DateInput)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
