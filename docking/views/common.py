"""Shared by the docking pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from core.exceptions import Conflict
from core.web import errors_to_form, errors_to_messages
from core.xlsx import XLSX_CONTENT_TYPE


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename={filename}"
    return response


def run_form(form, call):
    """Call a service with a valid form's data; its field errors (and a refused move) go back on the
    form. None when nothing was saved."""
    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except ValidationError as exc:
        errors_to_form(form, exc)
    except Conflict as exc:
        form.add_error(None, exc.message)
    return None


def run_action(request, call, success, back):
    """A POST-and-redirect action (as the nomination moves): a refused move or invalid input shows as
    a message on the page it came from (the API answers 409 and 400)."""
    try:
        call()
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, success)
    return redirect(back)
