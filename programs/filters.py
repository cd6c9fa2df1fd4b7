"""What every list's filter form shares: the reference-data choices (town, industry, leading
industry, park — all of them, or one) and one rule: a town official's lists are its own town's, so
it is offered no town to choose. `selector_kwargs()` gives the list's selector its arguments; a form
that does not validate filters nothing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.list_pages import FilterForm

from .models import Industry, LeadingIndustry, Park, Town


def town_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("街镇"), queryset=Town.objects.all(), required=False, empty_label=_("全部街镇")
    )


def industry_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("行业"), queryset=Industry.objects.all(), required=False, empty_label=_("全部行业")
    )


def leading_industry_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("主导产业"),
        queryset=LeadingIndustry.objects.all(),
        required=False,
        empty_label=_("全部主导产业"),
    )


def park_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("小镇（园区）"), queryset=Park.objects.all(), required=False, empty_label=_("全部园区")
    )


class ListFilterForm(FilterForm):
    """A list's filters. Subclasses declare their fields and map the cleaned data in `filters`."""

    # the roles whose lists are their own unit's: no town to choose
    fixed_town_roles: tuple[str, ...] = (Role.TOWN,)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user.role in self.fixed_town_roles:
            self.fields.pop("town", None)

    def filters(self, data: dict) -> dict:
        return {}
