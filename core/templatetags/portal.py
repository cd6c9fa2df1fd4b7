from django import template
from django.utils.http import urlencode

from core import money

register = template.Library()


@register.filter
def wan(value):
    return money.format_wan(value)


@register.filter
def yuan(value):
    return money.format_money(value)


@register.filter
def measure(value, unit):
    return money.format_measure(value, unit)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (pagination keeps filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
