"""Shared by the modules of this package."""

from django.http import Http404

from programs.models import Programme

PAGE_SIZE = 25


def _programme(user) -> Programme:
    programme = Programme.objects.visible_to(user).current()
    if programme is None:
        raise Http404("programme")
    return programme
