"""Shared by the assessment pages."""

from core.actions import reported
from programs.models import Programme

__all__ = ["current_programme", "reported"]


def current_programme():
    return Programme.objects.current()
