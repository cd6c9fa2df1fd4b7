from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from programs.models import DistrictIndicator


class ActualEntryForm(BootstrapFormMixin, forms.Form):
    indicator = forms.ModelChoiceField(label=_("指标"), queryset=DistrictIndicator.objects.none())
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    month = forms.TypedChoiceField(
        label=_("截至月份"), coerce=int, choices=[(m, _("%(m)s月") % {"m": m}) for m in range(1, 13)]
    )
    value = forms.DecimalField(label=_("完成值"), max_digits=16, decimal_places=2, min_value=0)
    source_note = forms.CharField(
        label=_("数据来源"), max_length=300, help_text=_("如：区发改局2019年12月报送")
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = DistrictIndicator.objects.filter(programme=programme).order_by(
            "order"
        )
        self.fields["year"].choices = [(y, y) for y in programme.years]
