"""Shared by the modules of this package."""

from django.http import Http404
from django.utils import timezone

from core.params import parse_year
from programs.models import Programme

PAGE_SIZE = 25


def _programme(user) -> Programme:
    programme = Programme.objects.visible_to(user).current()
    if programme is None:
        raise Http404("programme")
    return programme


def _year(request, programme) -> int:
    try:
        year = parse_year(request.GET.get("year"), default=timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, programme.start_year), programme.end_year)
