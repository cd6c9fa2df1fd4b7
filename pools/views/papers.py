"""Print pages and PDFs: a nomination's 申报表 and a pool's 入库名单, scoped as the pages are."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from programs.models import Pool

from .. import papers, selectors, services
from .common import _programme


def _pdf(content: bytes, name: str) -> HttpResponse:
    """A PDF download (the access middleware audits it as a download)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _nomination_paper(request, pk):
    nomination = selectors.nomination_get(request.user, pk)
    return nomination, papers.nomination_paper(nomination, services.nomination_eligibility(nomination))


@login_required
def nomination_print(request, pk):
    nomination, paper = _nomination_paper(request, pk)
    return render(request, "pools/print_nomination.html", {"nomination": nomination, "paper": paper})


@login_required
def nomination_pdf(request, pk):
    nomination, paper = _nomination_paper(request, pk)
    return _pdf(papers.nomination_pdf(paper), f"{paper.title}-{nomination.subject}.pdf")


def _pool_paper(request, year, code):
    programme = _programme(request.user)
    pool = get_object_or_404(Pool.objects.prefetch_related("criteria"), programme=programme, code=code)
    entries = selectors.pool_entries(request.user, pool, year)
    return pool, papers.pool_paper(pool=pool, year=year, entries=entries)


@login_required
def pool_print(request, year, code):
    pool, paper = _pool_paper(request, year, code)
    return render(request, "pools/print_pool.html", {"pool": pool, "year": year, "paper": paper})


@login_required
def pool_pdf(request, year, code):
    _pool, paper = _pool_paper(request, year, code)
    return _pdf(papers.pool_pdf(paper), f"{paper.title}.pdf")
