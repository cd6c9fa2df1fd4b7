from celery import shared_task


@shared_task(name="assessment.dispatch_monthly")
def dispatch_monthly() -> dict:
    """The previous month's 调度通报 of the current programme (a draft; regenerated while a draft).
    Idempotent: run twice, one report."""
    from .services.dispatch import generate_previous_month

    report = generate_previous_month()
    if report is None:
        return {"report": None}
    return {"report": report.pk, "year": report.year, "month": report.month, "state": report.state}
