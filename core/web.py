"""Small helpers every app's views share: pagination, and carrying service errors to the user."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

PAGE_SIZE = 25
# Everything under this path is the API: answers are JSON, never a page or a redirect.
API_PREFIX = "/api/"


def page_of(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def errors_to_messages(request, exc: ValidationError) -> None:
    """A service's ValidationError shown as messages (for POST-and-redirect actions)."""
    for errors in exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]:
        for error in errors:
            messages.error(request, error)


def form_errors_to_messages(request, form) -> None:
    """An invalid form of a POST-and-redirect action (no page to show it on) as messages."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def errors_to_form(form, exc: ValidationError) -> None:
    """A service's ValidationError put on the form's fields (unknown fields: on the form)."""
    for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
        form.add_error(field if field in form.fields else None, errors)
