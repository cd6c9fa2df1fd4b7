"""Annual summary pages (一年一总结): list and generate, the summary, edit, publish, files."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import narrative_annual, permissions
from ..documents.annual import COLOURS, build_annual_docx, build_annual_xlsx
from ..forms import AnnualEditForm, AnnualGenerateForm
from ..models import AnnualEvent
from ..selectors.annual import annual_summaries_for, annual_summary_get
from ..services import annual as services
from ..workflow import ANNUAL_SUMMARIES
from .documents import document_list_pages, document_pages, edit_form_of, sections_of

annual_list, annual_generate = document_list_pages(
    documents_for=annual_summaries_for,
    may_manage=permissions.can_manage_annual,
    template="assessment/annual_list.html",
    generate_form=AnnualGenerateForm,
    generate=lambda form, actor: services.generate_annual_summary(form.cleaned_data["year"], actor=actor),
    listing="assessment:annual_list",
    detail="assessment:annual_detail",
    frozen=gettext_lazy("该年度总结已印发，不再重新生成。"),
    drafted=lambda summary: _("已生成%(year)s年度总结草稿，请审核修改后印发。") % {"year": summary.year},
)


@login_required
def annual_detail(request, pk):
    summary = annual_summary_get(request.user, pk)
    user = request.user
    form = edit_form_of(AnnualEditForm, summary) if permissions.can_edit_annual(user, summary) else None
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
            "sections": sections_of(summary, narrative_annual.SECTIONS),
            "form": form,
            "actions": ANNUAL_SUMMARIES.available(summary, user),
            "events": AnnualEvent.objects.visible_to(user).filter(summary=summary).select_related("actor"),
        },
    )


annual_edit, annual_publish, annual_file = document_pages(
    get=annual_summary_get,
    may_edit=permissions.can_edit_annual,
    may_publish=permissions.can_transition_annual,
    may_preview=permissions.can_manage_annual,
    form_class=AnnualEditForm,
    edit=lambda actor, summary, paragraphs, title: services.annual_edit(
        actor=actor, summary=summary, paragraphs=paragraphs, title=title
    ),
    publish=lambda actor, summary: services.annual_publish(actor=actor, summary=summary),
    detail="assessment:annual_detail",
    build_docx=build_annual_docx,
    build_xlsx=build_annual_xlsx,
)
