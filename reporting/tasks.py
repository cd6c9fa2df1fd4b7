from celery import shared_task


@shared_task(name="reporting.daily")
def reporting_daily() -> dict:
    """Obligations, reminders before the due date, lateness after it. Idempotent: run it hourly."""
    from .services import reporting_daily as run

    return run()
