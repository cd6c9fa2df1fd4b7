"""The one shape of a list page: a page of rows with its filter form and actions. An htmx request
(the filter form, the pager) gets the table alone; a first visit gets the whole page."""

from django.shortcuts import render


def list_page(request, *, template: str, table: str, page, **context):
    """Render `template` (the page) or `table` (its htmx partial) with `page` and the context."""
    return render(request, table if request.htmx else template, {"page": page, **context})
