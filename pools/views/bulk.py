"""Bulk nomination upload and its progress page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from core.permissions import require
from core.web import errors_to_form, xlsx_download
from programs.models import Pool
from programs.years import requested_year as _year

from .. import permissions, services
from ..forms import (
    BulkUploadForm,
)
from ..models import NominationImport
from .common import _programme

# --- bulk upload -----------------------------------------------------------------------------


@login_required
def bulk_upload(request):
    require(permissions.can_create_nomination(request.user))
    programme = _programme(request.user)
    form = BulkUploadForm(
        request.POST or None,
        request.FILES or None,
        programme=programme,
        initial={"year": _year(request, programme)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = services.nomination_import_start(
                actor=request.user,
                pool=form.cleaned_data["pool"],
                year=form.cleaned_data["year"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            return redirect("pools:bulk_status", pk=job.pk)
    return render(
        request,
        "pools/bulk_upload.html",
        {
            "form": form,
            "programme": programme,
            "jobs": NominationImport.objects.filter(actor=request.user).select_related("pool")[:10],
        },
    )


@login_required
def bulk_template(request, code):
    from ..xlsx import nomination_template

    require(permissions.can_create_nomination(request.user))
    pool = get_object_or_404(
        Pool.objects.prefetch_related("criteria"), programme=_programme(request.user), code=code
    )
    return xlsx_download(nomination_template(pool), f"nomination-template-{code}.xlsx")


@login_required
def bulk_status(request, pk):
    job = get_object_or_404(NominationImport.objects.select_related("pool"), pk=pk, actor=request.user)
    # a job whose worker died is failed with its reason here too, not only by the periodic sweep
    unfinished = job.status in (NominationImport.Status.PENDING, NominationImport.Status.RUNNING)
    if unfinished and services.nomination_imports_fail_stale(job_ids=[job.pk]):
        job.refresh_from_db()
    template = "pools/_bulk_status.html" if request.htmx else "pools/bulk_status.html"
    return render(request, template, {"job": job})
