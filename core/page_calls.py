"""How a page calls a service, once for every app: the service's refusals shown where the user is.

- `run_form(form, call)`: a page with a form. A valid form's data go to the service; its field errors
  (ValidationError) go back beside the fields, a refused move (Conflict) above them. The service's
  result, or None when nothing was saved (the page is shown again).
- `run_action(request, call, success, back)`: a POST-and-redirect action (a move, a payment). A refused
  move or invalid input shows as a message on the page it came from (the API answers 409 and 400).
- `form_action(request, form, call, success, back)`: the same for an action posted with a small form;
  an invalid form's errors are messages too.
- `reported(request, success)`: the same as a `with` block around the service call.

`success` is the sentence to show, or a function of the service's result that returns it.
"""

from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from .exceptions import Conflict
from .web import errors_to_form, errors_to_messages


def run_form(form, call: Callable[[dict], Any]):
    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except ValidationError as exc:
        errors_to_form(form, exc)
    except Conflict as exc:
        form.add_error(None, exc.message)
    return None


@contextmanager
def reported(request, success: str = ""):
    try:
        yield
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        if success:
            messages.success(request, success)


def run_action(request, call: Callable[[], Any], success: "str | Callable[[Any], str]", back):
    try:
        result = call()
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(back)


def form_action(request, form, call: Callable[[dict], Any], success: "str | Callable[[Any], str]", back):
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    return run_action(request, lambda: call(form.cleaned_data), success, back)
