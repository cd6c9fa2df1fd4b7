"""What the pages of the office's published documents share (the monthly 调度通报 and the annual
summary): the edit of the draft's sections, the publication and the files (as stored once published,
or the office's preview of a draft built now). Each document's views call these with their own form,
permission and service."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import Conflict
from core.permissions import require
from core.web import errors_to_form, errors_to_messages, form_errors_to_messages, page_of, stored_file
from core.xlsx import XLSX_CONTENT_TYPE

from ..models import DispatchSettings
from ..services.documents import letterhead_of

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def generate_document(request, form, generate: Callable, *, listing: str, detail: str, frozen: str, drafted):
    """POST of the generate form: `generate(form)` builds the period's draft (or rebuilds it); a
    published one is left as it is (`frozen` says so), a draft is announced by `drafted(document)`.
    An invalid form or a refusal goes back to the list as messages."""
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(listing)
    try:
        document = generate(form)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect(listing)
    except ValidationError as exc:
        errors_to_messages(request, exc)
        return redirect(listing)
    if document.is_published:
        messages.info(request, frozen)
    else:
        messages.success(request, drafted(document))
    return redirect(detail, pk=document.pk)


def sections_of(document, sections) -> list[tuple[str, str, str]]:
    """(key, heading, text) of each section of the document's narrative."""
    paragraphs = document.paragraphs or {}
    return [(key, heading, paragraphs.get(key, "")) for key, heading in sections]


def edit_form_of(form_class, document):
    return form_class(initial={"title": document.title, **(document.paragraphs or {})})


def edit_document(request, document, *, form_class, edit: Callable, detail: str):
    """POST of the edit form: the sections and the title saved by `edit(paragraphs, title)`."""
    form = form_class(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        title = data.pop("title")
        try:
            edit(data, title)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("已保存正文。"))
            return redirect(detail, pk=document.pk)
    form_errors_to_messages(request, form)
    return redirect(detail, pk=document.pk)


def publish_document(request, document, *, publish: Callable, detail: str):
    """POST of the publication: numbered and stored by `publish()`, the units notified."""
    try:
        document = publish()
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("已印发%(number)s，并通知各街镇和部门。") % {"number": document.doc_number}
        )
    return redirect(detail, pk=document.pk)


def document_file(request, kind: str, *, get: Callable, may_preview: Callable, build_docx, build_xlsx):
    """The stored file of a published document (as issued, checksum kept), or the office's preview of
    a draft built now. The download is audited by the middleware (an attachment)."""
    if kind not in ("docx", "xlsx"):
        raise Http404
    document = get()
    stem = document.doc_number or f"{document.title}（草稿）"
    name = f"{stem}.{kind}" if kind == "docx" else f"{stem} 附件.xlsx"
    content_type = DOCX_CONTENT_TYPE if kind == "docx" else XLSX_CONTENT_TYPE
    if document.is_published:
        stored = document.docx_file if kind == "docx" else document.xlsx_file
        return stored_file(stored, name, what=kind, content_type=content_type)
    require(may_preview(request.user))
    letterhead = letterhead_of(DispatchSettings.current())
    content = build_docx(document, letterhead) if kind == "docx" else build_xlsx(document)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


def document_list_pages(
    *,
    documents_for: Callable,
    may_manage: Callable,
    template: str,
    generate_form,
    generate: Callable,
    listing: str,
    detail: str,
    frozen: str,
    drafted: Callable,
):
    """The list and generate pages of one kind of published document. `documents_for(user)` reads
    the rows the user may see, `may_manage(user)` lets the office generate; `generate(form, actor)` is
    its service and `frozen` / `drafted(document)` what generate_document says of the result."""

    @login_required
    def list_page(request):
        page = page_of(request, documents_for(request.user))
        can_manage = may_manage(request.user)
        return render(
            request, template, {"page": page, "can_manage": can_manage, "generate_form": generate_form()}
        )

    @login_required
    @require_POST
    def generate_page(request):
        require(may_manage(request.user))
        return generate_document(
            request,
            generate_form(request.POST),
            lambda form: generate(form, request.user),
            listing=listing,
            detail=detail,
            frozen=str(frozen),
            drafted=drafted,
        )

    return list_page, generate_page


def document_pages(
    *,
    get: Callable,
    may_edit: Callable,
    may_publish: Callable,
    may_preview: Callable,
    form_class,
    edit: Callable,
    publish: Callable,
    detail: str,
    build_docx: Callable,
    build_xlsx: Callable,
):
    """The edit, publish and file pages of one kind of published document. `get(user, pk)` reads it
    (404 outside its visible_to); `may_edit(user, document)`, `may_publish(user, document, action)` and
    `may_preview(user)` are its permissions; `edit(actor, document, paragraphs, title)` and
    `publish(actor, document)` its services."""

    @login_required
    @require_POST
    def edit_page(request, pk):
        document = get(request.user, pk)
        require(may_edit(request.user, document))
        return edit_document(
            request,
            document,
            form_class=form_class,
            edit=lambda paragraphs, title: edit(request.user, document, paragraphs, title),
            detail=detail,
        )

    @login_required
    @require_POST
    def publish_page(request, pk):
        document = get(request.user, pk)
        require(may_publish(request.user, document, "publish"))
        return publish_document(
            request, document, publish=lambda: publish(request.user, document), detail=detail
        )

    @login_required
    def file_page(request, pk, kind):
        return document_file(
            request,
            kind,
            get=lambda: get(request.user, pk),
            may_preview=may_preview,
            build_docx=build_docx,
            build_xlsx=build_xlsx,
        )

    return edit_page, publish_page, file_page
