from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.forms import BootstrapFormMixin
from enterprises.selectors import registered_enterprise
from programs.filters import ListFilterForm, industry_field, town_field

from .models import AppealState, Category, RecordKind, RecordStatus, Severity, reads_all_records
from .scoring import GRADES, SEVERITIES, Rules

# --- records ---------------------------------------------------------------------------------------


class RecordFilterForm(ListFilterForm):
    q = forms.CharField(label=_("企业、信用代码、事由或文号"), required=False)
    kind = forms.ModelChoiceField(
        label=_("记录类别"), queryset=RecordKind.objects.none(), required=False, empty_label=_("全部类别")
    )
    category = forms.ChoiceField(
        label=_("分类"), required=False, choices=[("", _("全部分类")), *Category.choices]
    )
    severity = forms.ChoiceField(
        label=_("程度"), required=False, choices=[("", _("全部程度")), *Severity.choices]
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *RecordStatus.choices]
    )
    in_effect = forms.ChoiceField(
        label=_("是否计入评级"),
        required=False,
        choices=[("", _("全部")), ("yes", _("计入中")), ("no", _("已失效或撤销"))],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        kinds = (
            RecordKind.objects.all()
            if reads_all_records(user) or user.role == Role.ENTERPRISE
            else RecordKind.objects.writable_by(user)
        )
        self.fields["kind"].queryset = kinds

    def filters(self, data: dict) -> dict:
        return {
            "search": data.get("q", ""),
            "kind": data.get("kind"),
            "category": data.get("category", ""),
            "severity": data.get("severity", ""),
            "status": data.get("status", ""),
            "in_effect": {"yes": True, "no": False}.get(data.get("in_effect")),
        }


class RecordForm(BootstrapFormMixin, forms.Form):
    uscc = forms.CharField(label=_("企业统一社会信用代码"), max_length=18)
    kind = forms.ModelChoiceField(label=_("记录类别"), queryset=RecordKind.objects.none())
    severity = forms.ChoiceField(
        label=_("程度"),
        choices=Severity.choices,
        help_text=_("基础类：良好／一般／较差；不良类：轻微／较重／严重。"),
    )
    title = forms.CharField(label=_("事由"), max_length=200)
    occurred_on = forms.DateField(label=_("发生日期"), widget=forms.DateInput())
    document_ref = forms.CharField(label=_("文书编号"), max_length=100, required=False)
    effective_until = forms.DateField(
        label=_("有效期至"),
        required=False,
        widget=forms.DateInput(),
        help_text=_("不良类留空则按评分模型的信用修复期自动计算。"),
    )
    description = forms.CharField(
        label=_("详细说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = RecordKind.objects.writable_by(user)
        self.fields["uscc"].widget.attrs.update(
            {"maxlength": 18, "autocomplete": "off", "style": "text-transform:uppercase"}
        )

    def clean_uscc(self):
        self.enterprise = registered_enterprise(self.cleaned_data["uscc"])
        return self.enterprise.uscc

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "enterprise": self.enterprise,
            "kind": data["kind"],
            "severity": data["severity"],
            "title": data["title"],
            "occurred_on": data["occurred_on"],
            "document_ref": data["document_ref"],
            "effective_until": data["effective_until"],
            "description": data["description"],
        }


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class AppealForm(BootstrapFormMixin, forms.Form):
    explanation = forms.CharField(
        label=_("异议理由"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("说明记录哪里有误，或已履行义务、可以信用修复的情况。"),
    )
    evidence = forms.FileField(label=_("证明材料（PDF/JPG/PNG，可选）"), required=False)


class AppealDecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("处理结果"),
        choices=[
            (AppealState.UPHELD, AppealState.UPHELD.label),
            (AppealState.WITHDRAWN, AppealState.WITHDRAWN.label),
        ],
    )
    note = forms.CharField(
        label=_("处理意见（维持记录时必填）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class AppealFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("企业或事由"), required=False)
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *AppealState.choices]
    )


# --- ratings ---------------------------------------------------------------------------------------


class RatingFilterForm(ListFilterForm):
    q = forms.CharField(label=_("名称或信用代码"), required=False)
    town = town_field()
    industry = industry_field()
    grade = forms.ChoiceField(
        label=_("等级"),
        required=False,
        choices=[("", _("全部等级")), *[(g, g) for g in GRADES], ("unrated", _("未评级"))],
    )
    blacklisted = forms.ChoiceField(
        label=_("黑名单"),
        required=False,
        choices=[("", _("全部")), ("yes", _("在黑名单上")), ("no", _("不在黑名单上"))],
    )
    changed = forms.BooleanField(label=_("近一月等级变化"), required=False)
    as_of = forms.DateField(
        label=_("截至日期"), required=False, help_text=_("等级和黑名单按该日结束时的状态筛选。")
    )
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[("", _("按街镇")), ("rating", _("评级从高到低")), ("-rating", _("评级从低到高"))],
    )

    def filters(self, data: dict) -> dict:
        return {
            "search": data.get("q", ""),
            "town": data.get("town"),
            "industry": data.get("industry"),
            "grade": data.get("grade", ""),
            "blacklisted": {"yes": True, "no": False}.get(data.get("blacklisted")),
            "changed": bool(data.get("changed")),
            "sort": data.get("sort", ""),
            "as_of": data.get("as_of"),
        }


class BlacklistAddForm(BootstrapFormMixin, forms.Form):
    uscc = forms.CharField(label=_("企业统一社会信用代码"), max_length=18)
    reason = forms.CharField(label=_("列入原因"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def clean_uscc(self):
        self.enterprise = registered_enterprise(self.cleaned_data["uscc"])
        return self.enterprise.uscc


# --- the scoring model -----------------------------------------------------------------------------


class ModelPublishForm(BootstrapFormMixin, forms.Form):
    """Every setting of the model as a field, prefilled from the current version."""

    name = forms.CharField(label=_("模型名称"), max_length=100)
    notes = forms.CharField(
        label=_("修改说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        help_text=_("本次修改的内容和依据，随版本保存。"),
    )
    base_score = forms.DecimalField(label=_("基础分"), max_digits=6, decimal_places=2)
    min_score = forms.DecimalField(label=_("最低分"), max_digits=6, decimal_places=2)
    max_score = forms.DecimalField(label=_("最高分"), max_digits=6, decimal_places=2)
    blacklist = forms.ChoiceField(label=_("黑名单线（该等级及以下）"), choices=[(g, g) for g in GRADES])
    DECAY_ROWS = 6

    def __init__(self, *args, rules: Rules, kinds: list[RecordKind], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        self.kind_rows, self.band_fields, self.decay_rows = [], [], []
        self.fields["name"].initial = rules.name
        for name in ("base_score", "min_score", "max_score"):
            self.fields[name].initial = getattr(rules, name)
        self.fields["blacklist"].initial = rules.blacklist_at_or_below
        for kind in kinds:
            rule = rules.kinds.get(kind.code)
            row = {
                "kind": kind,
                "weight": f"w_{kind.code}",
                "repair": None,
                "points": [],
                "latest_only": rule.latest_only if rule else kind.category == Category.BASIC,
            }
            self.fields[row["weight"]] = forms.DecimalField(
                label=_("权重"),
                max_digits=5,
                decimal_places=2,
                min_value=Decimal(0),
                initial=rule.weight if rule else Decimal(1),
            )
            if kind.category == Category.ADVERSE:
                row["repair"] = f"r_{kind.code}"
                self.fields[row["repair"]] = forms.IntegerField(
                    label=_("修复期（年）"),
                    min_value=1,
                    max_value=30,
                    initial=rule.repair_years if rule else 3,
                )
            for severity in SEVERITIES[kind.category]:
                name = f"p_{kind.code}_{severity}"
                self.fields[name] = forms.DecimalField(
                    label=Severity(severity).label,
                    max_digits=6,
                    decimal_places=2,
                    initial=rule.points.get(severity) if rule else 0,
                )
                row["points"].append(name)
            self.kind_rows.append(row)
        for grade, minimum in rules.bands:
            name = f"band_{grade}"
            self.fields[name] = forms.DecimalField(
                label=grade, max_digits=6, decimal_places=2, initial=minimum
            )
            self.band_fields.append(name)
        steps = list(rules.decay)
        for i in range(max(self.DECAY_ROWS, len(steps))):
            years, factor = steps[i] if i < len(steps) else (None, None)
            y, f = f"decay_years_{i}", f"decay_factor_{i}"
            self.fields[y] = forms.IntegerField(label=_("满N年"), required=False, min_value=0, initial=years)
            self.fields[f] = forms.DecimalField(
                label=_("系数"), required=False, max_digits=4, decimal_places=2, initial=factor
            )
            self.decay_rows.append((y, f))
        # re-apply the Bootstrap classes to the fields added above
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def to_rules(self) -> dict:
        data = self.cleaned_data
        kinds = {}
        for row in self.kind_rows:
            item = {
                "weight": str(data[row["weight"]]),
                "points": {name.rsplit("_", 1)[1]: str(data[name]) for name in row["points"]},
            }
            if row["repair"]:
                item["repair_years"] = data[row["repair"]]
            if row["latest_only"]:
                item["latest_only"] = True
            kinds[row["kind"].code] = item
        decay = [
            {"from_years": data[y], "factor": str(data[f])}
            for y, f in self.decay_rows
            if data.get(y) is not None and data.get(f) is not None
        ]
        return {
            "name": data["name"],
            "notes": data["notes"],
            "base_score": str(data["base_score"]),
            "min_score": str(data["min_score"]),
            "max_score": str(data["max_score"]),
            "kinds": kinds,
            "decay": decay,
            "bands": [
                {"grade": name.removeprefix("band_"), "min": str(data[name])} for name in self.band_fields
            ],
            "blacklist": {"at_or_below": data["blacklist"]},
        }
