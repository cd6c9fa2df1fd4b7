"""django-import-export resources, one way: run all-or-nothing (core.imports reads the upload and
words the row errors; this runs the rows), and exported under a Chinese sheet name."""

from django.db import transaction
from import_export.results import Result

from .imports import import_errors


def import_all_or_nothing(resource, dataset) -> tuple[Result, list[dict]]:
    """Import `dataset` (from read_upload) with `resource` inside the caller's transaction. Rows that
    fail conversion or model validation roll every row back (without rollback_on_validation_errors
    the valid rows would be committed); returns (result, errors by Excel row), errors empty when
    all rows went in."""
    result = resource.import_data(
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        collect_failed_rows=True,
    )
    errors = import_errors(result, type(resource), row_numbers=dataset.row_numbers)
    if errors:
        transaction.set_rollback(True)
    return result, errors


class SheetTitleMixin:
    """A resource whose tablib export carries `sheet_title` (tablib's own is "Tablib Dataset")."""

    sheet_title = ""

    def export(self, *args, **kwargs):
        dataset = super().export(*args, **kwargs)
        dataset.title = str(self.sheet_title)
        return dataset
