from celery import shared_task


@shared_task(name="reporting.daily")
def reporting_daily() -> dict:
    """Obligations, reminders before the due date, lateness after it. Idempotent: run it hourly."""
    from .services import reporting_daily as run

    return run()


@shared_task(name="reporting.rebuild_late_summary")
def rebuild_late_summary_task() -> int:
    """The late list's whole summary rebuilt from the dues every night: repairs any drift the hourly
    recount of stale rows would not see. Idempotent (the same rows on a second run)."""
    from .services.late_summary import rebuild

    return rebuild()
