"""The programme year a page shows: the one the request asks for (?year=), this year by default,
kept within the programme's years."""

from django.utils import timezone

from core.params import parse_year


def requested_year(request, programme) -> int:
    try:
        year = parse_year(request.GET.get("year"), default=timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, programme.start_year), programme.end_year)
