"""Kept for templates that still `{% load funds %}`: the same filters as core's `portal` library."""

from django import template

from core.templatetags.portal import ratio_pct, rmb

register = template.Library()
register.filter("rmb", rmb)
register.filter("percent", ratio_pct)
