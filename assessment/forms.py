from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin

from .models import DispatchSettings


class DispatchGenerateForm(BootstrapFormMixin, forms.Form):
    month = forms.RegexField(
        label=_("月份"),
        regex=r"^\d{4}-(0?[1-9]|1[0-2])$",
        error_messages={"invalid": _("月份格式应为“年-月”，如 2019-03。")},
        widget=forms.TextInput(attrs={"placeholder": "2019-03"}),
    )

    def period(self) -> tuple[int, int]:
        year, month = self.cleaned_data["month"].split("-")
        return int(year), int(month)


class DispatchEditForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    overview = forms.CharField(
        label=_("一、总体情况"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    towns = forms.CharField(
        label=_("二、分街镇（部门）情况"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    problems = forms.CharField(
        label=_("三、存在问题"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    next_steps = forms.CharField(
        label=_("四、下步工作"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class DispatchCorrectForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("更正说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class DispatchSettingsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = DispatchSettings
        fields = [
            "issuer_mark",
            "issuer",
            "prefix",
            "signatory",
            "recipients",
            "copies_to",
            "printer",
            "dispatch_day",
            "dispatch_hour",
            "review_overdue_days",
        ]


class ScheduleForm(BootstrapFormMixin, forms.Form):
    enabled = forms.BooleanField(label=_("启用"), required=False)
    minute = forms.CharField(label=_("分"), max_length=2, required=False)
    hour = forms.CharField(label=_("时"), max_length=2, required=False)
    day_of_month = forms.CharField(label=_("日"), max_length=2, required=False)
    day_of_week = forms.CharField(label=_("星期"), max_length=1, required=False)
    every_seconds = forms.IntegerField(
        label=_("间隔（秒）"), required=False, min_value=60, max_value=31 * 86400
    )
