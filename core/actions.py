"""How a page calls a service, once for every app: the service's refusals shown where the user is —
the sentences of a ValidationError beside the fields or as messages, a Conflict (someone acted first)
above them — and its success as one message.

- `run_action(request, call, success=)`: call the service; True when it went through (a view that
  decides itself where to go next).
- `action_redirect(request, call, success, back)`: the same, then back to the page it came from (a
  POST-and-redirect move, a payment; the API answers 409 and 400 instead).
- `form_save(form, save)` / `run_form(form, save)`: a page with a form. The form's data go to the
  service; the result, or None with the refusal put on the form (the page is shown again).
  `run_form` checks the form first.
- `form_action(request, form, call, success, back)`: an action posted with a small form; an invalid
  form's errors are messages too (or one sentence, `invalid=`); with `made=`, on to the page of the
  row the service made.
- `form_page(request, form, save, success=, then=, template=)`: a page of its own with a form that
  writes: after a POST that went through, the message and the next page (`then`); otherwise the page
  (again), the refusals on the form.
- `reported(request, success)`: the same as `run_action`, as a `with` block around the call.

`success` is the sentence to show, or a function of the service's result that words it once the
service has run.
"""

from collections.abc import Callable
from contextlib import contextmanager
from typing import Any, TypeAlias

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from .exceptions import Conflict
from .web import errors_to_form, errors_to_messages, form_errors_to_messages

Success: TypeAlias = "str | Callable[[Any], str]"


@contextmanager
def _shown(request):
    try:
        yield
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        errors_to_messages(request, exc)


def run_action(request, call: Callable[[], Any], *, success: Success = "") -> bool:
    went_through = False
    with _shown(request):
        result = call()
        went_through = True
    if went_through:
        text = success(result) if callable(success) else success
        if text:
            messages.success(request, text)
    return went_through


@contextmanager
def reported(request, success: str = ""):
    with _shown(request):
        yield
        if success:
            messages.success(request, success)


def action_redirect(request, call: Callable[[], Any], success: Success, back):
    run_action(request, call, success=success)
    return redirect(back)


def form_save(form, save: Callable[[dict], Any]):
    try:
        return save(form.cleaned_data)
    except ValidationError as exc:
        errors_to_form(form, exc)
    except Conflict as exc:
        form.add_error(None, exc.message)
    return None


def run_form(form, save: Callable[[dict], Any]):
    return form_save(form, save) if form.is_valid() else None


def form_action(
    request,
    form,
    call: Callable[[dict], Any],
    success: Success,
    back,
    *,
    invalid: str = "",
    made: str = "",
):
    """`invalid`: the one sentence an invalid form gets (else each of its errors). `made`: the URL
    name of the page of the row the service made (a run, a review), where the user goes once it has
    gone through (by the row's pk); a refusal goes `back`."""
    if not form.is_valid():
        if invalid:
            messages.error(request, invalid)
        else:
            form_errors_to_messages(request, form)
        return redirect(back)
    if not made:
        return action_redirect(request, lambda: call(form.cleaned_data), success, back)
    rows: list = []

    def _make():
        rows.append(call(form.cleaned_data))
        return rows[0]

    return redirect(made, pk=rows[0].pk) if run_action(request, _make, success=success) else redirect(back)


def form_page(
    request, form, save: Callable[[dict], Any], *, success: Success, then, template: str, **context
):
    """`then` is where a write that went through leads: a URL or URL name, or a function of the
    service's result that gives one (its detail page). The page shows `form` and `context`."""
    if request.method == "POST" and (result := run_form(form, save)) is not None:
        messages.success(request, success(result) if callable(success) else success)
        return redirect(then(result) if callable(then) else then)
    return render(request, template, {"form": form, **context})
