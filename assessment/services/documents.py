"""What the office's published documents share (the monthly 调度通报 and the annual summary): the
letterhead, the generation of a period's draft and its regeneration that keeps the office's edits, the
edit of the sections, the per-year 发文字号 counter, the stamping of a publication (number, letterhead,
files and their SHA-256) and the notice to every town and department account. Each document's service
declares its `DocumentKind` (model, workflow, permission, sections, builders) and calls these with it."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.exceptions import Conflict
from core.permissions import require
from core.text import reject_control_chars
from core.workflow import Move, Notice, Workflow
from programs.models import Programme

from ..models import DispatchCounter, DispatchSettings, DispatchState
from ..models.dispatch import DocumentEvent, PublishedDocument

MAX_PARAGRAPH = 5000


@dataclass(frozen=True)
class DocumentKind:
    """What sets one kind of published document apart (the monthly report, the annual summary): its
    model and workflow, who may edit a draft, its sections, the stem of its stored files, its builders,
    its page, and the refusal when no programme is loaded."""

    model: type[PublishedDocument]
    workflow: Workflow
    may_edit: Callable
    section_keys: tuple[str, ...]
    stem: Callable[[PublishedDocument], str]
    build_docx: Callable[[PublishedDocument], bytes]
    build_xlsx: Callable[[PublishedDocument], bytes]
    detail_url: str
    missing: str | Promise


def letterhead_of(settings_row: DispatchSettings) -> dict:
    return {
        "issuer": settings_row.issuer,
        "issuer_mark": settings_row.issuer_mark,
        "prefix": settings_row.prefix,
        "signatory": settings_row.signatory,
        "recipients": settings_row.recipients,
        "copies_to": settings_row.copies_to,
        "printer": settings_row.printer,
    }


def edited_text(document, paragraphs: dict, title: str | None, section_keys) -> tuple[dict, list, str | None]:
    """The office's edit of a document's sections (monthly report or annual summary): the new
    paragraphs, the sections edited so far (kept when the draft is regenerated) and the title, or a
    ValidationError naming each refused section."""
    errors: dict = {}
    cleaned = dict(document.paragraphs or {})
    edited = set(document.edited_sections or [])
    for key in section_keys:
        if key not in paragraphs:
            continue
        text = (paragraphs.get(key) or "").replace("\r\n", "\n").strip()
        try:
            reject_control_chars(text, multiline=True)
        except ValidationError as exc:
            errors[key] = exc.messages
            continue
        if len(text) > MAX_PARAGRAPH:
            errors[key] = [_("每段不超过%(n)s字。") % {"n": MAX_PARAGRAPH}]
            continue
        if text != cleaned.get(key):
            cleaned[key] = text
            edited.add(key)
    if title is not None:
        title = (title or "").strip()
        if not title or len(title) > 200:
            errors["title"] = [_("请填写标题（不超过200字）。")]
    if errors:
        raise ValidationError(errors)
    return cleaned, sorted(edited), title


def current_programme(missing: str) -> Programme:
    """The programme being carried out, or a Conflict saying `missing` (none loaded yet)."""
    programme = Programme.objects.current()
    if programme is None:
        raise Conflict(missing)
    return programme


def document_generate(
    kind: DocumentKind,
    *,
    period: dict,
    title: str,
    figures: Callable[[Programme], dict],
    generate: Callable[[dict], dict],
    actor: User | None,
):
    """The period's document of the current programme (`period`: its fields, e.g. year and month):
    created as a draft, rebuilt from `figures(programme)` while a draft (the office's edited sections
    keep their text), returned unchanged once published. Twice for a period gives one document: a row
    lock on the programme serialises concurrent runs (a unique constraint backs it). `generate(snapshot)`
    writes the sections."""
    rows: Any = kind.model.objects  # a concrete document's manager (it has the programme and period)
    workflow = kind.workflow
    with transaction.atomic():
        programme = current_programme(str(kind.missing))
        Programme.objects.select_for_update().filter(pk=programme.pk).first()  # one generator at a time
        document = rows.select_for_update().filter(programme=programme, **period).order_by("-id").first()
        if document is not None and document.state == DispatchState.PUBLISHED:
            return document  # frozen: later data changes never alter it
        snapshot = figures(programme)
        generated = generate(snapshot)
        now = timezone.now()
        if document is None:
            document = rows.create(
                programme=programme,
                **period,
                title=title,
                snapshot=snapshot,
                paragraphs=generated,
                generated_at=now,
                generated_by=actor,
            )
            workflow.record(document, actor=actor, action=DocumentEvent.Action.CREATE, from_state="")
            return document
        document_regenerate(
            document, workflow=workflow, snapshot=snapshot, generated=generated, at=now, actor=actor
        )
        return document


def document_regenerate(
    document: PublishedDocument,
    *,
    workflow: Workflow,
    snapshot: dict,
    generated: dict,
    at: datetime,
    actor: User | None,
) -> None:
    """A draft rebuilt from new figures: the sections the office edited keep their text."""
    before = audit.snapshot(document, workflow.audited_fields)
    kept = set(document.edited_sections or [])
    document.snapshot = snapshot
    document.paragraphs = {
        key: (document.paragraphs or {}).get(key, text) if key in kept else text
        for key, text in generated.items()
    }
    document.generated_at, document.generated_by = at, actor
    document.save(update_fields=["snapshot", "paragraphs", "generated_at", "generated_by", "updated_at"])
    workflow.record(document, actor=actor, action=DocumentEvent.Action.REGENERATE, before=before)


def document_edit(
    kind: DocumentKind, document: PublishedDocument, *, actor: User, paragraphs: dict, title: str | None
):
    """The office's edit of a draft's sections (and title), with its event and audit row: the row
    locked, then the kind's `may_edit(actor, document)` (a published document is refused)."""
    workflow = kind.workflow
    with transaction.atomic():
        document = type(document).objects.select_for_update().get(pk=document.pk)
        require(kind.may_edit(actor, document))
        cleaned, edited, title = edited_text(document, paragraphs, title, kind.section_keys)
        before = audit.snapshot(document, workflow.audited_fields)
        document.paragraphs = cleaned
        document.edited_sections = edited
        if title is not None:
            document.title = title
        document.save(update_fields=["paragraphs", "edited_sections", "title", "updated_at"])
        workflow.record(document, actor=actor, action=DocumentEvent.Action.EDIT, before=before)
    return document


def next_number(year: int) -> int:
    """The next 发文字号 of the year (the counter row locked)."""
    DispatchCounter.objects.get_or_create(year=year)
    counter = DispatchCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def document_publish(
    kind: DocumentKind, document: PublishedDocument, *, actor: User, comment: str, issued_on: date | None
):
    """Fire the publication on the kind's workflow: numbered, its letterhead frozen, its files built
    once and stored with their SHA-256; every town and department account notified (linked to its
    page). `issued_on` is the 成文日期 (default the day of the move); its year is the year of the 发文字号."""

    def _apply(move: Move) -> None:
        _stamp(
            move,
            issued_on=issued_on or timezone.localdate(move.at),
            stem=kind.stem,
            build_docx=kind.build_docx,
            build_xlsx=kind.build_xlsx,
        )

    return kind.workflow.fire(
        document,
        action="publish",
        actor=actor,
        comment=comment,
        apply=_apply,
        notices=publication_notices(kind.detail_url),
    )


def _stamp(
    move: Move,
    *,
    issued_on: date,
    stem: Callable[[PublishedDocument], str],
    build_docx: Callable[[PublishedDocument], bytes],
    build_xlsx: Callable[[PublishedDocument], bytes],
) -> None:
    """The publication of a document: numbered, its letterhead frozen, its .docx and .xlsx built once
    and stored with their SHA-256 (the workflow saves the row)."""
    document: PublishedDocument = move.instance
    settings_row = DispatchSettings.current()
    document.letterhead = letterhead_of(settings_row)
    document.number_year = issued_on.year
    document.number = next_number(issued_on.year)
    document.doc_number = f"{settings_row.prefix}〔{issued_on.year}〕{document.number}号"
    document.issued_on = issued_on
    document.published_at, document.published_by = move.at, cast(User, move.actor)
    docx, xlsx = build_docx(document), build_xlsx(document)
    name = stem(document)
    document.docx_file.save(f"{name}.docx", ContentFile(docx), save=False)  # type: ignore[attr-defined]
    document.xlsx_file.save(f"{name}.xlsx", ContentFile(xlsx), save=False)  # type: ignore[attr-defined]
    document.docx_sha256, document.xlsx_sha256 = sha256(docx), sha256(xlsx)  # type: ignore[attr-defined]


def publication_notices(detail_url: str) -> Callable[[Move], list[Notice]]:
    """The notice of a publication to every active town and department account."""

    def _notices(move: Move) -> list[Notice]:
        document: PublishedDocument = move.instance
        recipients = list(User.objects.filter(is_active=True, role__in=[Role.TOWN, Role.DEPARTMENT]))
        message = _("%(number)s %(title)s已印发，请查阅。") % {
            "number": document.doc_number,
            "title": document.title,
        }
        return [Notice(recipients, message, reverse(detail_url, args=[document.pk]))]

    return _notices
