"""Shared by the assessment pages."""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError

from core.exceptions import Conflict
from core.web import errors_to_messages
from programs.models import Programme


def current_programme():
    return Programme.objects.current()


@contextmanager
def reported(request, success: str = ""):
    """Run a service: a refused move or invalid input becomes a message on the page it returns to."""
    try:
        yield
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        if success:
            messages.success(request, success)
