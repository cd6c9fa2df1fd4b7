from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core import audit_messages
from core.forms import BootstrapFormMixin, XlsxUploadForm
from programs.filters import ListFilterForm, industry_field, leading_industry_field, park_field, town_field

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
        fields = Project.EDITABLE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")
        if user.role == Role.TOWN:
            del self.fields["town"]


SCALES = [("above", _("规上")), ("below", _("规下"))]
audit_messages.register_filter("scale", choices=SCALES, exports=("enterprises",))  # the trail names it


class EnterpriseFilterForm(ListFilterForm):
    q = forms.CharField(label=_("名称或信用代码"), required=False)
    town = town_field()
    industry = industry_field()
    leading_industry = leading_industry_field()
    scale = forms.ChoiceField(label=_("规模"), required=False, choices=[("", _("全部规模")), *SCALES])

    def filters(self, data: dict) -> dict:
        scale = {"above": True, "below": False}.get(data.get("scale"))
        return {
            "search": data.get("q", ""),
            "town": data.get("town"),
            "industry": data.get("industry"),
            "leading_industry": data.get("leading_industry"),
            "above_scale": scale,
        }


class ProjectFilterForm(ListFilterForm):
    q = forms.CharField(label=_("项目或企业名称"), required=False)
    town = town_field()
    leading_industry = leading_industry_field()
    park = park_field()

    def filters(self, data: dict) -> dict:
        return {
            "search": data.get("q", ""),
            "town": data.get("town"),
            "leading_industry": data.get("leading_industry"),
            "park": data.get("park"),
        }


ImportForm = XlsxUploadForm
