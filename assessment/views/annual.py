"""Annual summary pages (一年一总结): list and generate, the summary, edit, publish, files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import Conflict
from core.permissions import require
from core.web import errors_to_form, errors_to_messages, form_errors_to_messages, page_of

from .. import narrative_annual, permissions
from ..documents.annual import COLOURS, build_annual_docx, build_annual_xlsx
from ..forms import AnnualEditForm, AnnualGenerateForm
from ..models import AnnualEvent, DispatchSettings
from ..selectors.annual import annual_summaries_for, annual_summary_get
from ..services import annual as services
from ..services.dispatch import letterhead_of
from ..workflow import ANNUAL_SUMMARIES
from .dispatch import DOCX_CONTENT_TYPE, XLSX_CONTENT_TYPE


@login_required
def annual_list(request):
    page = page_of(request, annual_summaries_for(request.user))
    can_manage = permissions.can_manage_annual(request.user)
    return render(
        request,
        "assessment/annual_list.html",
        {"page": page, "can_manage": can_manage, "generate_form": AnnualGenerateForm()},
    )


@login_required
@require_POST
def annual_generate(request):
    require(permissions.can_manage_annual(request.user))
    form = AnnualGenerateForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("assessment:annual_list")
    try:
        summary = services.generate_annual_summary(form.cleaned_data["year"], actor=request.user)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("assessment:annual_list")
    except ValidationError as exc:
        errors_to_messages(request, exc)
        return redirect("assessment:annual_list")
    if summary.is_published:
        messages.info(request, _("该年度总结已印发，不再重新生成。"))
    else:
        messages.success(
            request, _("已生成%(year)s年度总结草稿，请审核修改后印发。") % {"year": summary.year}
        )
    return redirect("assessment:annual_detail", pk=summary.pk)


@login_required
def annual_detail(request, pk):
    summary = annual_summary_get(request.user, pk)
    user = request.user
    form = None
    if permissions.can_edit_annual(user, summary):
        form = AnnualEditForm(initial={"title": summary.title, **(summary.paragraphs or {})})
    paragraphs = summary.paragraphs or {}
    sections = [(key, heading, paragraphs.get(key, "")) for key, heading in narrative_annual.SECTIONS]
    units = [
        {"unit": u["unit"], "colours": [COLOURS.get(u["colours"].get(str(q), ""), "") for q in range(1, 5)]}
        for u in summary.snapshot.get("reviews", {}).get("units", [])
    ]
    return render(
        request,
        "assessment/annual_detail.html",
        {
            "summary": summary,
            "s": summary.snapshot,
            "units": units,
            "sections": sections,
            "form": form,
            "actions": ANNUAL_SUMMARIES.available(summary, user),
            "events": AnnualEvent.objects.visible_to(user).filter(summary=summary).select_related("actor"),
        },
    )


@login_required
@require_POST
def annual_edit(request, pk):
    summary = annual_summary_get(request.user, pk)
    require(permissions.can_edit_annual(request.user, summary))
    form = AnnualEditForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        title = data.pop("title")
        try:
            services.annual_edit(actor=request.user, summary=summary, paragraphs=data, title=title)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("已保存正文。"))
            return redirect("assessment:annual_detail", pk=summary.pk)
    form_errors_to_messages(request, form)
    return redirect("assessment:annual_detail", pk=summary.pk)


@login_required
@require_POST
def annual_publish(request, pk):
    summary = annual_summary_get(request.user, pk)
    require(permissions.can_transition_annual(request.user, summary, "publish"))
    try:
        summary = services.annual_publish(actor=request.user, summary=summary)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("已印发%(number)s，并通知各街镇和部门。") % {"number": summary.doc_number}
        )
    return redirect("assessment:annual_detail", pk=pk)


@login_required
def annual_file(request, pk, kind):
    """The stored file of a published summary, or the office's preview of a draft built now; the
    download is audited by the middleware (an attachment)."""
    if kind not in ("docx", "xlsx"):
        raise Http404
    summary = annual_summary_get(request.user, pk)
    stem = summary.doc_number or f"{summary.title}（草稿）"
    name = f"{stem}.{kind}" if kind == "docx" else f"{stem} 附件.xlsx"
    content_type = DOCX_CONTENT_TYPE if kind == "docx" else XLSX_CONTENT_TYPE
    if summary.is_published:
        stored = summary.docx_file if kind == "docx" else summary.xlsx_file
        if not stored:
            raise Http404
        return FileResponse(stored.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    require(permissions.can_manage_annual(request.user))
    letterhead = letterhead_of(DispatchSettings.current())
    content = build_annual_docx(summary, letterhead) if kind == "docx" else build_annual_xlsx(summary)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response
