from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from enterprises.models import Enterprise, Project
from programs.filters import ListFilterForm, town_field
from programs.models import Criterion, DevelopmentPath, Pool, SubjectKind

from .eligibility import parse_metric
from .models import NominationState, NominationWindow


class MetricField(forms.CharField):
    """A criteria figure, read by the same parse_metric as the API and the bulk import."""

    def __init__(self, *, metric: str, **kwargs):
        self.metric = metric
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "" if value is None else str(value)

    def clean(self, value):
        value = super().clean(value)
        try:
            return parse_metric(self.metric, value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc


class WindowForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = NominationWindow
        fields = ["year", "pool", "opens_on", "closes_on"]
        widgets = {"opens_on": forms.DateInput(), "closes_on": forms.DateInput()}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = Pool.objects.filter(programme=programme).order_by("order")
        self.fields["pool"].empty_label = _("全部培育库")
        self.fields["year"] = forms.TypedChoiceField(
            label=_("年度"),
            coerce=int,
            choices=[(y, y) for y in programme.years],
            widget=forms.Select(attrs={"class": "form-select"}),
        )


class WindowExtendForm(BootstrapFormMixin, forms.Form):
    closes_on = forms.DateField(label=_("新的截止日期"), widget=forms.DateInput())


class NominationStartForm(BootstrapFormMixin, forms.Form):
    pool = forms.ModelChoiceField(label=_("培育库"), queryset=Pool.objects.none())
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    enterprise = forms.ModelChoiceField(
        label=_("企业"),
        queryset=Enterprise.objects.none(),
        required=False,
        help_text=_("企业类培育库填写；可输入企业名称检索，只列出本街镇登记的企业。"),
    )
    project = forms.ModelChoiceField(
        label=_("项目"),
        queryset=Project.objects.none(),
        required=False,
        help_text=_("补链、强链、建链、循环型等项目类培育库填写；项目须先在项目库登记。"),
    )

    def __init__(self, *args, user, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = (
            Pool.objects.filter(programme=programme).select_related("path").order_by("order")
        )
        self.fields["pool"].label_from_instance = lambda p: (
            f"{p.path.name} · {p.name}（{p.get_subject_display()}）"
        )
        self.fields["year"].choices = [(y, y) for y in programme.years]
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")
        self.fields["project"].queryset = (
            Project.objects.visible_to(user).select_related("enterprise").order_by("name")
        )

    def clean(self):
        data = super().clean()
        pool = data.get("pool")
        if pool is not None:
            if pool.subject == SubjectKind.ENTERPRISE and not data.get("enterprise"):
                self.add_error("enterprise", _("该培育库的入库对象是企业，请选择企业。"))
            if pool.subject == SubjectKind.PROJECT and not data.get("project"):
                self.add_error("project", _("该培育库的入库对象是项目，请选择项目。"))
            if pool.subject == SubjectKind.ENTERPRISE:
                data["project"] = None
            else:
                data["enterprise"] = None
        return data


class NominationEditForm(BootstrapFormMixin, forms.Form):
    """Figures for the quantitative criteria, claims for the qualitative ones, the path plan."""

    path_plan = forms.CharField(
        label=_("路径解决方案"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("街镇会同企业制定的发展路径解决方案（第19条）。"),
    )
    explanation = forms.CharField(
        label=_("不符合定量标准的说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("有定量标准不符合时，提交前须说明理由，由审核部门研判。"),
    )

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.nomination = nomination
        criteria = list(nomination.pool.criteria.all())
        checks = {c.criterion_id: c for c in nomination.checks.all()}
        self.metric_fields, self.claim_fields = [], []
        seen = set()
        for c in criteria:
            if c.kind == Criterion.Kind.QUANTITATIVE and c.metric not in seen:
                seen.add(c.metric)
                name = f"metric_{c.metric}"
                self.fields[name] = MetricField(
                    metric=c.metric,
                    label=f"{c.get_metric_display()}（{c.unit}）",
                    required=False,
                    initial=nomination.metrics.get(c.metric),
                    help_text=c.description,
                )
                self.fields[name].widget.attrs.update({"class": "form-control", "inputmode": "decimal"})
                self.metric_fields.append((name, c))
            elif c.kind == Criterion.Kind.QUALITATIVE:
                check = checks.get(c.pk)
                claim, note = f"claim_{c.code}", f"note_{c.code}"
                self.fields[claim] = forms.BooleanField(
                    label=c.description, required=False, initial=bool(check and check.claimed)
                )
                self.fields[claim].widget.attrs["class"] = "form-check-input"
                self.fields[note] = forms.CharField(
                    label=_("说明"), required=False, max_length=500, initial=check.note if check else ""
                )
                self.fields[note].widget.attrs["class"] = "form-control form-control-sm"
                self.claim_fields.append((claim, note, c))
        self.fields["path_plan"].initial = nomination.path_plan
        self.fields["explanation"].initial = nomination.explanation

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        metrics = {c.metric: data[name] for name, c in self.metric_fields if data.get(name) is not None}
        claims = {
            c.code: {"claimed": data.get(claim, False), "note": data.get(note, "")}
            for claim, note, c in self.claim_fields
        }
        sources = dict(self.nomination.metric_sources)
        for metric, value in metrics.items():
            if str(value) != str(self.nomination.metrics.get(metric)):
                sources[metric] = {"source": str(_("街镇填报")), "period": ""}
        return {
            "metrics": metrics,
            "metric_sources": sources,
            "claims": claims,
            "path_plan": data["path_plan"],
            "explanation": data["explanation"],
        }


class EvidenceForm(BootstrapFormMixin, forms.Form):
    criterion = forms.ModelChoiceField(
        label=_("对应标准"), queryset=Criterion.objects.none(), required=False, empty_label=_("通用材料")
    )
    file = forms.FileField(label=_("文件（PDF/JPG/PNG/XLSX/DOCX）"))

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = nomination.pool.criteria.filter(kind=Criterion.Kind.QUALITATIVE)


class CommentForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("意见"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class NominationFilterForm(ListFilterForm):
    q = forms.CharField(label=_("名称或信用代码"), required=False)
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None)
    pool = forms.ModelChoiceField(
        label=_("培育库"), queryset=Pool.objects.none(), required=False, empty_label=_("全部培育库")
    )
    town = town_field()
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *NominationState.choices]
    )
    path = forms.ModelChoiceField(
        label=_("发展路径"),
        queryset=DevelopmentPath.objects.none(),
        required=False,
        empty_label=_("全部路径"),
    )
    in_pool = forms.ChoiceField(label=_("在库"), required=False, choices=[("", _("全部")), ("1", _("在库"))])
    as_of = forms.DateField(
        label=_("截至日期"), required=False, help_text=_("按该日结束时的状态筛选（驾驶舱的月末数据）。")
    )
    eligible = forms.ChoiceField(
        label=_("认定标准"),
        required=False,
        choices=[("", _("全部")), ("yes", _("符合")), ("no", _("不符合")), ("pending", _("待确认"))],
    )

    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[("", _("按提交时间")), ("rating", _("资格优先，再按信用评级"))],
    )

    def __init__(self, *args, user, programme, pools=None, review=False, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].choices = [("", _("全部年度"))] + [(y, y) for y in programme.years]
        self.fields["pool"].queryset = (
            pools if pools is not None else Pool.objects.filter(programme=programme)
        )
        self.fields["path"].queryset = DevelopmentPath.objects.filter(programme=programme)
        if not review:  # ordering by credit rating is the reviewers' tool (第20条: at equal conditions)
            del self.fields["sort"]
        else:  # the drill-down filters (path, in the pool) are the nomination list's, not the queue's
            del self.fields["path"], self.fields["in_pool"], self.fields["as_of"]

    @property
    def sort_order(self) -> str:
        return self.cleaned_data.get("sort", "") if self.is_valid() else ""

    def filters(self, d: dict) -> dict:
        return {
            "search": d.get("q", ""),
            "year": d.get("year"),
            "pool": d.get("pool"),
            "town": d.get("town"),
            "state": d.get("state") or None,
            "eligible": d.get("eligible") or None,
            "path": d.get("path"),
            "in_pool": d.get("in_pool") == "1" or None,
            **({"as_of": d["as_of"]} if d.get("as_of") else {}),
        }


class BulkUploadForm(BootstrapFormMixin, forms.Form):
    pool = forms.ModelChoiceField(label=_("培育库"), queryset=Pool.objects.none())
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = Pool.objects.filter(programme=programme).order_by("order")
        self.fields["year"].choices = [(y, y) for y in programme.years]
