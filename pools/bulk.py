"""Bulk nominations from a town's xlsx: validated as a whole, then all drafts or none."""

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.imports import cap_errors
from core.xlsx import WorkbookError, read_xlsx
from enterprises.models import Enterprise, Project
from enterprises.uscc import normalize, validate_uscc
from programs.models import SubjectKind

from .eligibility import parse_metric
from .models import Nomination, NominationImport
from .xlsx import template_columns

YES = {"是", "y", "yes", "true", "1", "√"}
NO = {"否", "n", "no", "false", "0", ""}
PROGRESS_EVERY = 50


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _read(job: NominationImport) -> tablib.Dataset:
    """The stored upload, through the one reader: zip limits first, then streamed up to the row limit."""
    with job.file.open("rb") as fh:
        return read_xlsx(fh, max_rows=settings.NOMINATION_IMPORT_MAX_ROWS)


def _code_problem(uscc: str) -> str:
    """Why a code that matches no enterprise is wrong as a code (length, a character, the check
    character with the one expected), or "" when it is a valid code of no enterprise here."""
    if not uscc:
        return ""
    try:
        validate_uscc(uscc)
    except ValidationError as exc:
        return exc.messages[0]
    return ""


def validate_rows(job: NominationImport, dataset) -> tuple[list[dict], list[dict]]:
    """Returns (rows ready for nomination_create, each with its Excel "row", errors [{"row": n, "messages": [...]}])."""
    pool, actor = job.pool, job.actor
    columns = template_columns(pool)
    headers = dataset.headers or []
    # Every column of this pool's template: a file made from another pool's template is refused
    # rather than read with its missing yes/no columns as "no".
    missing = [h for _k, h in columns if h not in headers]
    if missing:
        return [], [
            {
                "row": 1,
                "messages": [_("缺少列：%(cols)s。请使用该培育库的模板。") % {"cols": "、".join(missing)}],
            }
        ]
    index = {key: headers.index(header) for key, header in columns if header in headers}
    enterprises = {e.uscc: e for e in Enterprise.objects.visible_to(actor)}
    projects = {
        (p.enterprise.uscc, p.name): p for p in Project.objects.visible_to(actor).select_related("enterprise")
    }
    taken = set(
        Nomination.objects.filter(pool=pool, year=job.year)
        .exclude(state="withdrawn")
        .values_list("enterprise_id", "project_id")
    )
    ready, errors, seen = [], [], set()
    # The reader dropped blank rows and kept each row's Excel number, so errors name the row the user sees.
    numbers = getattr(dataset, "row_numbers", None) or range(2, len(dataset) + 2)
    rows = [(number, r) for number, r in zip(numbers, dataset, strict=True) if any(_text(v) for v in r)]
    job.total_rows = len(rows)
    for done, (number, row) in enumerate(rows, start=1):
        problems = []

        def cell(key, row=row):
            return _text(row[index[key]]) if key in index else ""

        uscc = normalize(cell("uscc"))
        enterprise = project = None
        if pool.subject == SubjectKind.PROJECT:
            project = projects.get((uscc, cell("project_name")))
            if project is None:
                problems.append(
                    _code_problem(uscc)
                    or _("本街镇没有该建设单位的项目“%(name)s”。") % {"name": cell("project_name")}
                )
        else:
            enterprise = enterprises.get(uscc)
            if enterprise is None:
                problems.append(
                    _code_problem(uscc)
                    or _("统一社会信用代码“%(code)s”不是本街镇登记的企业。") % {"code": uscc or "—"}
                )
        key = (enterprise.pk if enterprise else None, project.pk if project else None)
        if (enterprise or project) and key in taken:
            problems.append(_("已申报过本年度该培育库。"))
        if (enterprise or project) and key in seen:
            problems.append(_("与文件中前面的行重复。"))
        seen.add(key)
        metrics, claims = {}, {}
        for column_key, header in columns:
            if column_key.startswith("metric:"):
                try:
                    figure = parse_metric(column_key[7:], cell(column_key))
                except ValueError as exc:
                    problems.append(_("%(header)s：%(problem)s") % {"header": header, "problem": exc})
                else:
                    if figure is not None:
                        metrics[column_key[7:]] = figure
            elif column_key.startswith("claim:"):
                value = cell(column_key).lower()
                if value not in YES | NO:
                    problems.append(_("%(header)s：应填“是”或“否”。") % {"header": header})
                claims[column_key[6:]] = {"claimed": value in YES, "note": ""}
        if problems:
            errors.append({"row": number, "messages": [str(p) for p in problems]})
        else:
            ready.append(
                {
                    "row": number,
                    "enterprise": enterprise,
                    "project": project,
                    "metrics": metrics,
                    "claims": claims,
                    "path_plan": cell("path_plan"),
                    "explanation": cell("explanation"),
                }
            )
        if done % PROGRESS_EVERY == 0:
            NominationImport.objects.filter(pk=job.pk).update(
                processed_rows=done, total_rows=job.total_rows, updated_at=timezone.now()
            )
    return ready, errors


def run(job: NominationImport) -> NominationImport:
    from .services import nomination_create

    try:
        dataset = _read(job)
    except WorkbookError as exc:  # too large, too many rows, a cell too long: said as such
        return _fail(job, str(exc))
    except Exception:  # a broken file is the user's error, reported as such
        return _fail(job, _("无法读取该 Excel 文件。"))
    ready, errors = validate_rows(job, dataset)
    if not errors:
        try:
            with transaction.atomic():
                for data in ready:
                    number = data.pop("row")
                    try:
                        nomination_create(actor=job.actor, pool=job.pool, year=job.year, **data)
                    except ValidationError as exc:
                        errors.append({"row": number, "messages": exc.messages})
                if errors:
                    raise ValidationError("rollback")
        except ValidationError:
            pass
    job.processed_rows = job.total_rows
    if errors:
        # only the first rows of errors are stored (and shown), with a count of the rest
        job.status, job.errors, job.created_count = NominationImport.Status.FAILED, cap_errors(errors), 0
    else:
        job.status, job.created_count = NominationImport.Status.SUCCEEDED, len(ready)
    job.save()
    return job


def _fail(job: NominationImport, message: str) -> NominationImport:
    job.status, job.errors = NominationImport.Status.FAILED, [{"row": 0, "messages": [message]}]
    job.save()
    return job
