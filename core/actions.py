"""A POSTed action's one shape: the service runs; its refusal — the sentences of a ValidationError,
or a Conflict (someone acted first) — is shown as error messages (`run_action`, for POST-and-redirect
views) or on the form (`form_save`, for a page that shows its form again); its success as one message."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from .exceptions import Conflict
from .web import errors_to_form, errors_to_messages


def run_action(request, run, *, success="") -> bool:
    """Call `run()`; True when the service went through and `success` (a sentence, or a function that
    words it once the service has run) was said."""
    try:
        run()
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        text = success() if callable(success) else success
        if text:
            messages.success(request, text)
        return True
    return False


def form_save(form, save):
    """Call `save(form.cleaned_data)`; its result, or None with the refusal put on the form's fields."""
    try:
        return save(form.cleaned_data)
    except ValidationError as exc:
        errors_to_form(form, exc)
    except Conflict as exc:
        form.add_error(None, exc.message)
    return None
