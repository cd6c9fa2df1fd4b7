from decimal import Decimal

from django import template

from core import money

register = template.Library()


@register.filter
def rmb(value):
    """An amount in 元 (the ledger's unit) shown as the portal shows money: 万元, or 亿元 from 1亿."""
    amount = money.to_decimal(value)
    if amount is None:
        return "—"
    return money.format_money(amount / money.TEN_THOUSAND)


@register.filter
def percent(value):
    amount = money.to_decimal(value)
    if amount is None:
        return "—"
    return f"{(amount * 100).quantize(Decimal('0.01'))}%"
