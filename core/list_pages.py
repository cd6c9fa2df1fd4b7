"""The one shape of a list page: a page of rows with its filter form and actions. An htmx request
(the filter form, the pager) gets the table alone; a first visit gets the whole page.

- `filtered(request, Form, selector)`: the filter form bound to the query string with the user, and
  the rows `selector(user, **filters.selector_kwargs())` reads under it. A list page and its export
  read the same rows.
- `filtered_list(request, Form, selector, template=, table=)`: those rows, one page of them, shown.
- `ordered(selector, *order)`: the selector with the list's order (an export may not need one).
- `FilterForm`: the base of a filter form that needs nothing of the user; its `filters(data)` maps
  the cleaned data to the selector's arguments (by default: the fields that were filled in).
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.shortcuts import render

from .forms import BootstrapFormMixin
from .web import PAGE_SIZE, page_of


class FilterForm(BootstrapFormMixin, forms.Form):
    """A list's filters; one that does not validate filters nothing."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def selector_kwargs(self) -> dict:
        return self.filters(self.cleaned_data) if self.is_valid() else {}

    def filters(self, data: dict) -> dict:
        return {k: v for k, v in data.items() if v not in (None, "")}


def ordered(selector: Callable[..., Any], *order: str) -> Callable[..., Any]:
    return lambda user, **filters: selector(user, **filters).order_by(*order)


def list_page(request, *, template: str, table: str | None, page, **context):
    """Render `template` (the page) or `table` (its htmx partial; a page without one is always
    whole) with `page` and the context."""
    return render(request, table if request.htmx and table else template, {"page": page, **context})


def filtered(request, form_class, selector: Callable[..., Any], **form_kwargs):
    """(filters, rows): `form_class` bound to the query string for the user (and `form_kwargs`), and
    what the selector reads for the user under its filters."""
    filters = form_class(request.GET or None, user=request.user, **form_kwargs)
    return filters, selector(request.user, **filters.selector_kwargs())


def filtered_list(
    request,
    form_class,
    selector: Callable[..., Any],
    *,
    template: str,
    table: str | None = None,
    size: int = PAGE_SIZE,
    form_kwargs: dict | None = None,
    **context,
):
    """The list page of `selector`'s rows under `form_class`'s filters: one page of `size` rows, the
    filters as `filters`, and `context`."""
    filters, rows = filtered(request, form_class, selector, **(form_kwargs or {}))
    return list_page(
        request, template=template, table=table, filters=filters, page=page_of(request, rows, size), **context
    )
