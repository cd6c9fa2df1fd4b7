from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.forms import BootstrapFormMixin, XlsxUploadForm
from programs.models import Industry, LeadingIndustry, Park, Town

from .models import Enterprise, Project
from .uscc import normalize, validate_uscc


class EnterpriseForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = [*Enterprise.EDITABLE_FIELDS, *Enterprise.FLAG_FIELDS]
        widgets = {"established_on": forms.DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role == Role.TOWN:
            del self.fields["town"]  # always the official's own town
        self.fields["uscc"].widget.attrs.update(
            {"maxlength": 18, "autocomplete": "off", "style": "text-transform:uppercase"}
        )
        self.fields["uscc"].help_text = _("18位，GB 32100-2015，末位为校验码")
        self.fields["industry"].help_text = _(
            "国民经济行业分类（GB/T 4754-2017）大类；可输入名称或代码检索。"
        )
        self.fields["is_above_scale"].help_text = _("年主营业务收入2000万元及以上的工业企业为规模以上。")

    def clean_uscc(self):
        code = normalize(self.cleaned_data["uscc"])
        validate_uscc(code)
        return code


class ProjectForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "name",
            "enterprise",
            "town",
            "total_investment",
            "leading_industry",
            "park",
            "status",
            "start_year",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")
        if user.role == Role.TOWN:
            del self.fields["town"]


class EnterpriseFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("名称或信用代码"), required=False)
    town = forms.ModelChoiceField(
        label=_("街镇"), queryset=Town.objects.all(), required=False, empty_label=_("全部街镇")
    )
    industry = forms.ModelChoiceField(
        label=_("行业"), queryset=Industry.objects.all(), required=False, empty_label=_("全部行业")
    )
    leading_industry = forms.ModelChoiceField(
        label=_("主导产业"),
        queryset=LeadingIndustry.objects.all(),
        required=False,
        empty_label=_("全部主导产业"),
    )
    scale = forms.ChoiceField(
        label=_("规模"),
        required=False,
        choices=[("", _("全部规模")), ("above", _("规上")), ("below", _("规下"))],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role == Role.TOWN:
            del self.fields["town"]

    def selector_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        scale = {"above": True, "below": False}.get(data.get("scale"))
        return {
            "search": data.get("q", ""),
            "town": data.get("town"),
            "industry": data.get("industry"),
            "leading_industry": data.get("leading_industry"),
            "above_scale": scale,
        }


class ProjectFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("项目或企业名称"), required=False)
    town = forms.ModelChoiceField(
        label=_("街镇"), queryset=Town.objects.all(), required=False, empty_label=_("全部街镇")
    )
    leading_industry = forms.ModelChoiceField(
        label=_("主导产业"),
        queryset=LeadingIndustry.objects.all(),
        required=False,
        empty_label=_("全部主导产业"),
    )
    park = forms.ModelChoiceField(
        label=_("小镇（园区）"), queryset=Park.objects.all(), required=False, empty_label=_("全部园区")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role == Role.TOWN:
            del self.fields["town"]

    def selector_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data.get("q", ""),
            "town": data.get("town"),
            "leading_industry": data.get("leading_industry"),
            "park": data.get("park"),
        }


ImportForm = XlsxUploadForm
