from django import template

from credit.scoring import GRADE_RANK

register = template.Library()


@register.filter
def grade_class(grade) -> str:
    """Bootstrap colour of a grade badge: 投资级 AAA–A green, BBB–BB blue, B–CCC amber, CC–D red."""
    rank = GRADE_RANK.get(grade or "")
    if rank is None:
        return "text-bg-light border"
    if rank <= 3:
        return "text-bg-success"
    if rank <= 5:
        return "text-bg-primary"
    if rank <= 7:
        return "text-bg-warning"
    return "text-bg-danger"


@register.filter
def signed(value) -> str:
    text = str(value)
    return text if text.startswith("-") or text in ("0", "0.00") else f"+{text}"


@register.filter
def get_field(form, name):
    """A bound field by name (fields built at run time)."""
    return form[name]
