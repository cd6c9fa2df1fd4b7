from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext as _

from core.bounds import QUOTA_MAX, quota_message
from core.forms import BootstrapFormMixin

from .models import (
    Criterion,
    Department,
    DevelopmentPath,
    DistrictIndicator,
    LeadingIndustry,
    Park,
    Pool,
    PoolQuota,
    Programme,
    Town,
    YearTarget,
)

# What the office may edit on each kind of policy record; the registry drives one generic page.
EDITABLE = {
    "programme": (
        Programme,
        ["doc_number", "title", "issuer", "issued_on", "valid_until", "is_current", "leading_industries"],
    ),
    "path": (DevelopmentPath, ["name", "title", "order"]),
    "pool": (Pool, ["name", "goal", "quota_note", "lead_departments", "responsible_departments", "order"]),
    "quota": (PoolQuota, ["quota_min", "quota_max", "is_new_additions"]),
    "criterion": (
        Criterion,
        [
            "code",
            "kind",
            "description",
            "metric",
            "boundary_word",
            "operator",
            "threshold",
            "unit",
            "group",
            "order",
        ],
    ),
    "indicator": (DistrictIndicator, ["name", "unit", "note", "lead_departments", "order"]),
    "target": (YearTarget, ["target", "actual", "note"]),
    "town": (Town, ["code", "name", "kind", "division_code", "order", "is_active"]),
    "department": (Department, ["code", "name", "kind", "order", "is_active"]),
    "leading_industry": (LeadingIndustry, ["code", "name", "order"]),
    "park": (Park, ["code", "name", "kind", "level", "town", "leading_industry"]),
}
# Kinds the office may add new rows of (the rest come with a programme file).
CREATABLE = {"criterion", "town", "department", "leading_industry", "park"}


class _PolicyForm(BootstrapFormMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("quota_min", "quota_max"):
            if name in self.fields:  # stated and enforced (core.bounds), not only the database's int range
                field = self.fields[name]
                field.max_value = QUOTA_MAX
                field.validators = [
                    *(v for v in field.validators if not isinstance(v, MaxValueValidator)),
                    MaxValueValidator(QUOTA_MAX),
                ]
                field.widget.attrs.pop("max", None)
                field.error_messages["max_value"] = quota_message()
                field.help_text = _("每年最多 %(max)s 家（个）。") % {"max": f"{QUOTA_MAX:,}"}

    def _get_validation_exclusions(self):
        # Ticking 当前执行 switches the current programme in one locked step (services.programme_make_current);
        # the one-current constraint is the database's, not the form's to check against the old row.
        exclude = super()._get_validation_exclusions()
        if isinstance(self.instance, Programme):
            exclude.add("is_current")
        return exclude


def form_for(kind: str) -> type[forms.ModelForm]:
    model, fields = EDITABLE[kind]
    return forms.modelform_factory(
        model,
        form=_PolicyForm,
        fields=fields,
        widgets={"goal": forms.Textarea(attrs={"rows": 3})},
    )
