"""Thin, idempotent tasks over funds/services: running the daily task twice changes nothing the second time."""

from celery import shared_task


@shared_task(name="funds.daily")
def daily_task(today: str | None = None) -> dict:
    """Overdue bridge loans: ageing, penalties, the credit record after the grace period, pause and resume."""
    from datetime import date

    from .services.daily import run_daily

    summary = run_daily(date.fromisoformat(today) if today else None)
    return {
        "overdue_marked": summary.overdue_marked,
        "penalties_posted": summary.penalties_posted,
        "credit_records": summary.credit_records,
        "paused": summary.paused,
        "resumed": summary.resumed,
    }
