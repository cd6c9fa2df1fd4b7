"""Thin, idempotent task over services.refresh_cockpit: a second run rewrites the same rows."""

from celery import shared_task


@shared_task(name="cockpit.refresh")
def refresh_cockpit_task(year: int | None = None) -> dict:
    """The nightly beat entry and the debounced refresh after an import, an approval, a 通报."""
    from .services import refresh_cockpit

    runs = refresh_cockpit(year=year)
    return {str(run.year): run.rows for run in runs}
