"""Forms of the assessment pages (thin: the services validate)."""

import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from core.forms import BootstrapFormMixin
from core.list_pages import FilterForm
from pools.models import Nomination
from programs.models import Department, Town

from .models import CaseKind, Colour, DispatchSettings
from .services.dispatch import SETTINGS_FIELDS


class JSONTextField(forms.CharField):
    """A JSON value typed as text (bands, tiers)."""

    widget = forms.Textarea(attrs={"rows": 4, "class": "font-monospace"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in ("", None):
            return None
        try:
            return json.loads(value)
        except ValueError as exc:
            raise forms.ValidationError(_("请填写有效的 JSON。")) from exc

    def prepare_value(self, value):
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class RunStartForm(BootstrapFormMixin, forms.Form):
    scheme = forms.ModelChoiceField(label=_("考核办法"), queryset=None)
    year = forms.IntegerField(label=_("考核年度"), min_value=2000, max_value=2100)

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
        self.fields["year"].initial = timezone.localdate().year


class SchemeForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    full_marks = forms.DecimalField(label=_("基本分满分"), min_value=1, max_digits=6, decimal_places=2)
    bands = JSONTextField(
        label=_("等次"), help_text=_('从高到低，如 [{"code": "excellent", "name": "优秀", "min": "90"}]')
    )
    excellent_share_cap = forms.DecimalField(
        label=_("优秀比例上限（%）"), required=False, min_value=0, max_value=100
    )
    bonus_cap = forms.DecimalField(label=_("加分上限"), required=False, min_value=0)
    penalty_cap = forms.DecimalField(label=_("减分上限"), required=False, min_value=0)


class IndicatorForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("指标"), max_length=100)
    weight = forms.DecimalField(label=_("分值"), min_value=0, max_digits=6, decimal_places=2)
    cap = forms.DecimalField(label=_("本项上限"), required=False, min_value=0)
    params = JSONTextField(label=_("计分参数"), required=False)
    source = forms.CharField(label=_("依据"), max_length=300, required=False)

    def clean_params(self):
        return self.cleaned_data.get("params") or {}


class RateForm(BootstrapFormMixin, forms.Form):
    value = forms.DecimalField(label=_("得分或次数"), max_digits=8, decimal_places=2)
    note = forms.CharField(label=_("评分说明"), max_length=500, required=False)
    evidence = forms.FileField(label=_("佐证材料"), required=False)


class ReviewGenerateForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("季度"), coerce=int, choices=[(i, str(i)) for i in range(1, 5)])


class RatingEditForm(BootstrapFormMixin, forms.Form):
    colour = forms.ChoiceField(label=_("评价"), choices=Colour.choices)
    comment = forms.CharField(label=_("点评意见"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ReviewRuleForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        from .models import ReviewRule

        model = ReviewRule
        fields = ["operator", "threshold", "days", "colour", "comment"]


class EscalationRuleForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        from .models import EscalationRule

        model = EscalationRule
        fields = ["colour", "quarters", "propose", "reason"]


class CaseForm(BootstrapFormMixin, forms.Form):
    town = forms.ModelChoiceField(
        label=_("街镇"), queryset=Town.objects.filter(is_active=True), required=False
    )
    department = forms.ModelChoiceField(
        label=_("部门"), queryset=Department.objects.filter(is_active=True), required=False
    )
    kind = forms.ChoiceField(label=_("措施"), choices=CaseKind.choices)
    leader_name = forms.CharField(label=_("责任领导"), max_length=40, required=False)
    leader_post = forms.CharField(label=_("职务"), max_length=60, required=False)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    deadline = forms.DateField(
        label=_("整改期限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("town")) == bool(data.get("department")):
            raise forms.ValidationError(_("请选择一个街镇或一个部门。"))
        return data


class CaseActionForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("意见"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
    deadline = forms.DateField(
        label=_("整改期限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    leader_name = forms.CharField(label=_("责任领导"), max_length=40, required=False)
    leader_post = forms.CharField(label=_("职务"), max_length=60, required=False)


class CaseReportForm(BootstrapFormMixin, forms.Form):
    report_text = forms.CharField(
        label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, required=False
    )
    report_file = forms.FileField(label=_("整改报告"), required=False)


class VisitForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("名称"), max_length=100, required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label=_("半年"), coerce=int, choices=[(1, _("上半年")), (2, _("下半年"))])
    visit_on = forms.DateField(
        label=_("观摩日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    nominations = forms.ModelMultipleChoiceField(label=_("观摩点（入库对象）"), queryset=None)
    members = forms.ModelMultipleChoiceField(label=_("观摩组成员"), queryset=None)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = (
            Nomination.objects.in_pool()
            .filter(programme=programme)
            .select_related("pool", "enterprise", "project")
            .order_by("-year", "pool__order", "id")
        )
        self.fields["members"].queryset = User.objects.filter(
            is_active=True, role__in=[Role.OFFICE, Role.DEPARTMENT]
        ).order_by("role", "username")
        self.fields["year"].initial = timezone.localdate().year


class VisitScoreForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("意见"), max_length=500, required=False)

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        for item in sheet:
            self.fields[f"p_{item['code']}"] = forms.DecimalField(
                label=f"{item['name']}（{item['max']}）", min_value=0, max_value=item["max"], decimal_places=2
            )
            self.fields[f"p_{item['code']}"].widget.attrs.setdefault("class", "form-control form-control-sm")

    def points(self) -> dict:
        return {k[2:]: v for k, v in self.cleaned_data.items() if k.startswith("p_")}


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


def _edit_form(name: str, sections) -> type[forms.Form]:
    """The edit form of a document's draft: its title, then one text box per (key, label, rows) section."""
    fields: dict = {"title": forms.CharField(label=_("标题"), max_length=200)}
    for key, label, rows in sections:
        fields[key] = forms.CharField(
            label=label, widget=forms.Textarea(attrs={"rows": rows}), required=False
        )
    return type(name, (BootstrapFormMixin, forms.Form), {"__module__": __name__, **fields})


DispatchEditForm = _edit_form(
    "DispatchEditForm",
    [
        ("overview", _("一、总体情况"), 5),
        ("towns", _("二、分街镇（部门）情况"), 4),
        ("problems", _("三、存在问题"), 6),
        ("next_steps", _("四、下步工作"), 5),
    ],
)


class DispatchCorrectForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("更正说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class DispatchSettingsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = DispatchSettings
        fields = list(SETTINGS_FIELDS)


class ScheduleForm(BootstrapFormMixin, forms.Form):
    enabled = forms.BooleanField(label=_("启用"), required=False)
    minute = forms.CharField(label=_("分"), max_length=2, required=False)
    hour = forms.CharField(label=_("时"), max_length=2, required=False)
    day_of_month = forms.CharField(label=_("日"), max_length=2, required=False)
    day_of_week = forms.CharField(label=_("星期"), max_length=1, required=False)
    every_seconds = forms.IntegerField(
        label=_("间隔（秒）"), required=False, min_value=60, max_value=31 * 86400
    )


class AnnualGenerateForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("年度格式应为四位数字，如 2019。")},
    )


AnnualEditForm = _edit_form(
    "AnnualEditForm",
    [
        ("overview", _("一、全年总体情况"), 5),
        ("units", _("二、分街镇（部门）情况"), 4),
        ("assessment", _("三、考核与督查"), 4),
        ("problems", _("四、存在问题"), 5),
        ("next_year", _("五、明年工作"), 5),
    ],
)


class CaseFilterForm(FilterForm):
    """The case list's filters (the cockpit's drill-down lands here with them)."""

    open = forms.BooleanField(label=_("未销号"), required=False)
    overdue = forms.BooleanField(label=_("整改逾期"), required=False)
    kind = forms.ChoiceField(
        label=_("措施"), required=False, choices=[("", _("全部措施")), *CaseKind.choices]
    )
    as_of = forms.DateField(label=_("截至日期"), required=False)

    def filters(self, d: dict) -> dict:
        return {
            "as_of": d.get("as_of"),
            "open_only": bool(d.get("open")),
            "overdue": bool(d.get("overdue")),
            "kind": d.get("kind", ""),
        }
