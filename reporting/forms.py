from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.forms import BootstrapFormMixin, XlsxUploadForm
from enterprises.models import Enterprise
from programs.filters import ListFilterForm, town_field
from programs.models import Pool, Programme

from .figures import ANNUAL, FIGURE_CODES, NOT_CUMULATIVE, WHOLE_NUMBERS, FigureCode, label_of, unit_of
from .models import Milestone, MilestoneStatus, PlanGoal, ReportState


def month_choices() -> list[tuple[int, str]]:
    """Built per form, in the request's language (a module-level list would be frozen at import)."""
    from django.utils.translation import gettext

    return [(m, gettext("%(m)s月") % {"m": m}) for m in range(1, 13)]


def _month_field(label, *first: tuple) -> forms.TypedChoiceField:
    """A month to filter by (optional): `first` are the choices before the twelve months."""
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        required=False,
        empty_value=None,
        choices=lambda: [*first, *month_choices()],
    )


def _years(span: int = 6) -> list[tuple[int, int]]:
    this = timezone.localdate().year
    programme = Programme.objects.current()
    first = min(programme.start_year - 1, this - span) if programme else this - span
    return [(y, y) for y in range(this, first - 1, -1)]


class ReportStartForm(BootstrapFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    month = forms.TypedChoiceField(label=_("月份"), coerce=int, choices=month_choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()


def _amount_field(code: str, part: str) -> forms.Field:
    name = _("本年累计") if part == "ytd" else _("当月")
    label = f"{label_of(code)}（{name}，{unit_of(code)}）"
    if code in WHOLE_NUMBERS:
        field = forms.IntegerField(label=label, required=False, min_value=0)
    else:
        field = forms.DecimalField(label=label, required=False, min_value=0, max_digits=14, decimal_places=2)
    field.widget.attrs.update({"inputmode": "decimal", "class": "form-control text-end"})
    return field


class ReportForm(BootstrapFormMixin, forms.Form):
    """The month's figures (当月 and 本年累计), progress per pool entry, and the milestones of its plan."""

    note = forms.CharField(label=_("总体情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    ytd_reason = forms.CharField(
        label=_("累计值低于上月的原因"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("本年累计低于上月时必填，例如上月数据有误已更正。"),
    )

    def __init__(self, *args, report, plans: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.figure_rows = []
        for code in FIGURE_CODES:
            names = []
            for part in ("value", "ytd"):
                if part == "ytd" and code in NOT_CUMULATIVE:
                    names.append(None)
                    continue
                name = f"{code}_{part}"
                self.fields[name] = _amount_field(code, part)
                self.fields[name].initial = report.figure(code, part)
                names.append(name)
            self.figure_rows.append((code, names))
        self.entry_rows = []
        for entry in report.entries.all():
            progress, problems = (
                f"entry_{entry.nomination_id}_progress",
                f"entry_{entry.nomination_id}_problems",
            )
            self.fields[progress] = forms.CharField(
                label=_("本月进展"),
                required=False,
                initial=entry.progress,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[problems] = forms.CharField(
                label=_("存在问题及需协调事项"),
                required=False,
                initial=entry.problems,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            milestone_fields = []
            plan = plans.get(entry.nomination_id)
            for milestone in plan.milestones.all() if plan else []:
                name = f"milestone_{milestone.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=f"{milestone.title}（{milestone.due_on:%Y-%m-%d}）",
                    choices=MilestoneStatus.choices,
                    initial=(entry.milestones or {}).get(str(milestone.pk), milestone.status),
                )
                milestone_fields.append((name, milestone))
            self.entry_rows.append((entry, progress, problems, milestone_fields))
        for field in self.fields.values():  # the mixin ran before these fields existed
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        figures = {}
        for code, (value_name, ytd_name) in self.figure_rows:
            parts = {"value": data.get(value_name)}
            if ytd_name:
                parts["ytd"] = data.get(ytd_name)
            figures[code] = {k: ("" if v is None else str(v)) for k, v in parts.items()}
        entries = {}
        for entry, progress, problems, milestone_fields in self.entry_rows:
            entries[str(entry.nomination_id)] = {
                "progress": data.get(progress, ""),
                "problems": data.get(problems, ""),
                "milestones": {str(m.pk): data[name] for name, m in milestone_fields},
            }
        return {
            "figures": figures,
            "note": data.get("note", ""),
            "ytd_reason": data.get("ytd_reason", ""),
            "entries": entries,
        }

    def bound_figure_rows(self):
        for code, (value_name, ytd_name) in self.figure_rows:
            yield {
                "code": code,
                "label": label_of(code),
                "unit": unit_of(code),
                "value": self[value_name],
                "ytd": self[ytd_name] if ytd_name else None,
            }

    def bound_entry_rows(self):
        for entry, progress, problems, milestone_fields in self.entry_rows:
            yield {
                "entry": entry,
                "progress": self[progress],
                "problems": self[problems],
                "milestones": [self[name] for name, _m in milestone_fields],
            }


class ReportFilterForm(ListFilterForm):
    fixed_town_roles = (Role.TOWN, Role.ENTERPRISE)
    q = forms.CharField(label=_("名称或信用代码"), required=False)
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None)
    month = _month_field(_("月份"), ("", _("全部月份")))
    town = town_field()
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *ReportState.choices]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *_years()]
        if user.role == Role.ENTERPRISE:
            del self.fields["q"]

    def filters(self, d: dict) -> dict:
        return {
            "search": d.get("q", ""),
            "year": d.get("year"),
            "month": d.get("month"),
            "town": d.get("town"),
            "state": d.get("state") or None,
        }


class LateFilterForm(ListFilterForm):
    q = forms.CharField(label=_("名称或信用代码"), required=False)
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None)
    town = town_field()
    as_of = forms.DateField(label=_("截至日期"), required=False, widget=forms.DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *_years()]


class GapFilterForm(ListFilterForm):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    month = _month_field(_("期别"), ("", _("全部期别")), (ANNUAL, _("全年")))
    town = town_field()
    all_rows = forms.BooleanField(label=_("显示全部（含差异较小的）"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].choices = _years()


class ExportForm(ListFilterForm):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    month = _month_field(_("期别"), ("", _("全年")))
    town = town_field()
    pool = forms.ModelChoiceField(
        label=_("培育库"),
        queryset=Pool.objects.none(),
        required=False,
        empty_label=_("全部企业（不限培育库）"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].choices = _years()
        programme = Programme.objects.current()
        self.fields["pool"].queryset = (
            Pool.objects.filter(programme=programme).order_by("order") if programme else Pool.objects.none()
        )


class PlanSummaryForm(BootstrapFormMixin, forms.Form):
    summary = forms.CharField(
        label=_("发展路径"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("企业结合自身实际制定的详细发展路径（第19条）。"),
    )


class PathSolutionForm(BootstrapFormMixin, forms.Form):
    path_solution = forms.CharField(
        label=_("路径解决方案"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("街镇会同企业制定的该路径解决方案（第19条）。"),
    )


class GoalForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PlanGoal
        fields = ["year", "metric", "target", "description"]

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = forms.TypedChoiceField(
            label=_("年度"),
            coerce=int,
            choices=[(y, y) for y in range(nomination.year - 1, nomination.year + 6)],
            initial=nomination.year,
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.fields["metric"].choices = [("", _("（文字目标）")), *FigureCode.choices]
        self.fields["description"].required = False
        self.fields["description"].help_text = _(
            "例如：产值突破10亿元；选择指标并填写目标值后可自动跟踪完成情况。"
        )


class MilestoneForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "status", "note"]
        widgets = {"due_on": forms.DateInput()}


class CalendarForm(BootstrapFormMixin, forms.Form):
    due_day = forms.IntegerField(label=_("次月截止日"), min_value=1, max_value=28)
    remind_days_before = forms.IntegerField(label=_("提前提醒天数"), min_value=0, max_value=20)
    is_active = forms.BooleanField(label=_("需报送月报"), required=False)


class InviteForm(BootstrapFormMixin, forms.Form):
    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=Enterprise.objects.none())
    username = forms.CharField(
        label=_("账号"), max_length=150, help_text=_("字母、数字和 @/./+/-/_，例如 ent_huasheng")
    )
    full_name = forms.CharField(label=_("姓名"), max_length=40)
    phone = forms.CharField(label=_("手机号码"), max_length=20)
    email = forms.EmailField(label=_("电子邮箱"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")


ImportForm = XlsxUploadForm
