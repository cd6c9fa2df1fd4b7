"""Official statistics imports: all-or-nothing, each department its granted columns."""

import time
from decimal import Decimal

from django.db import transaction

from core import audit
from core.permissions import require

from .. import permissions
from ..models import (
    Figure,
    FigureImport,
    FigureSource,
)
from ..selectors import granted_columns
from .common import figures_upsert

# --- official statistics import --------------------------------------------------------------------


def figures_import_upload(*, actor, upload) -> FigureImport:
    """The page's and the API's figure import: the upload is checked (type, size, package, zip limits)
    and read (row and cell limits) here, so both refuse the same files with the same sentences
    (ValidationError on "file"); then `figures_import`."""
    from core.imports import read_upload
    from core.uploads import safe_filename

    require(permissions.can_import_figures(actor, granted_columns(actor)))
    dataset = read_upload(upload)
    return figures_import(actor=actor, dataset=dataset, file_name=safe_filename(upload.name))


def figures_import(*, actor, dataset, file_name: str) -> FigureImport:
    """Import official figures from an xlsx (as a tablib Dataset), all rows or none. The department
    may only fill its own columns; rows are matched by 统一社会信用代码. Returns the import record,
    with `errors` listing each bad row ({"row": Excel row, "messages": [...]}) when nothing was written."""
    from core.imports import cap_errors

    from ..imports import parse_statistics

    granted = granted_columns(actor)
    require(permissions.can_import_figures(actor, granted))
    started = time.monotonic()
    parsed = parse_statistics(dataset, granted=granted)
    record = FigureImport(
        actor=actor,
        department_id=actor.department_id,
        file_name=file_name[:200],
        rows=len(parsed.rows),
        columns=parsed.columns,
        periods=parsed.periods,
    )
    if parsed.errors:
        record.status, record.errors = FigureImport.Status.FAILED, cap_errors(parsed.errors)
        record.seconds = Decimal(f"{time.monotonic() - started:.2f}")
        with transaction.atomic():
            record.save()
            audit.record(
                actor=actor,
                action=audit.AuditAction.IMPORT,
                instance=record,
                event="import.failed",
                params={"rows": [e["row"] for e in parsed.errors if e.get("row")], "file": file_name},
            )
        return record
    with transaction.atomic():
        record.status = FigureImport.Status.SUCCEEDED
        record.save()
        figures = [
            Figure(
                enterprise_id=row.enterprise_id,
                year=row.year,
                month=row.month,
                metric=code,
                source=FigureSource.OFFICIAL,
                value=value,
                ytd=ytd,
                batch=record,
                department_id=actor.department_id,
            )
            for row in parsed.rows
            for code, (value, ytd) in row.figures.items()
        ]
        figures_upsert(figures)
        record.figures = len(figures)
        record.seconds = Decimal(f"{time.monotonic() - started:.2f}")
        record.save(update_fields=["figures", "seconds"])
        audit.record(
            actor=actor,
            action=audit.AuditAction.IMPORT,
            instance=record,
            after={
                "rows": record.rows,
                "figures": record.figures,
                "columns": record.columns,
                "periods": record.periods,
            },
            event="import.succeeded",
            params={"file": file_name},
        )
    return record
