"""Official statistics import pages and the reporting export."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_messages import export_event
from core.imports import ImportOutcome, import_page
from core.permissions import require
from core.web import exported_xlsx, page_of, xlsx_download

from .. import permissions, selectors, services
from ..figures import (
    label_of,
)
from ..forms import (
    ExportForm,
)
from ..imports import statistics_template

# --- official statistics ---------------------------------------------------------------------------


@login_required
def imports(request):
    granted = selectors.granted_columns(request.user)
    require(permissions.can_view_imports(request.user, granted))
    if request.method == "POST":
        require(permissions.can_import_figures(request.user, granted))

    def run(upload):
        record = services.figures_import_upload(actor=request.user, upload=upload)
        return ImportOutcome(
            rows=record.rows,
            errors=record.errors,
            success=_("导入成功：%(rows)d 行，%(n)d 项数据（%(periods)s）。")
            % {"rows": record.rows, "n": record.figures, "periods": "、".join(record.periods[:6])},
            context={"record": record},
        )

    return import_page(
        request,
        template="reporting/imports.html",
        run=run,
        success_url=reverse("reporting:imports"),
        context={
            "granted": [(c, label_of(c)) for c in granted],
            "page": page_of(request, selectors.imports_for(request.user), 20),
        },
    )


@login_required
def import_template(request):
    granted = selectors.granted_columns(request.user)
    require(permissions.can_import_figures(request.user, granted))
    return xlsx_download(
        statistics_template(granted), f"statistics-template-{request.user.department.code}.xlsx"
    )


# --- export ----------------------------------------------------------------------------------------


@login_required
def export(request):
    from ..xlsx import export_workbook

    require(permissions.can_export(request.user))
    form = ExportForm(request.GET or None, user=request.user, initial={"year": timezone.localdate().year - 1})
    if request.GET and form.is_valid():
        d = form.cleaned_data
        content, count = export_workbook(
            request.user, year=d["year"], month=d.get("month"), town=d.get("town"), pool=d.get("pool")
        )
        suffix = f"{d['year']}" + (f"-{d['month']:02d}" if d.get("month") else "")
        return exported_xlsx(
            request,
            content,
            f"reports-{suffix}.xlsx",
            **export_event("reporting_figures", rows=count, query=request.GET),
        )
    return render(request, "reporting/export.html", {"form": form})
