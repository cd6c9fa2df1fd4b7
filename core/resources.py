"""django-import-export resources, one way: run all-or-nothing (core.imports reads the upload and
words the row errors; this runs the rows), and exported under a Chinese sheet name."""

from django.core.exceptions import ValidationError
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


class PortalResourceMixin:
    """For a ModelResource: its tablib export carries `sheet_title` (tablib's own is "Tablib
    Dataset"), and `import_fields` puts a row on its instance collecting conversion errors by field,
    so the row can be checked on and every error of it reported together."""

    sheet_title = ""

    def export(self, *args, **kwargs):
        dataset = super().export(*args, **kwargs)
        dataset.title = str(self.sheet_title)
        return dataset

    def import_fields(self, instance, row, **kwargs) -> dict:
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            return exc.update_error_dict({})
        return {}
