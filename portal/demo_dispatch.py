"""Demo dispatch reports (一月一调度) of every programme year, each published on the 10th of the next
month (numbered by month within its year), but the last year's December, a draft the office can
still edit.
Idempotent: a month that has a report is left as it is (a published one never changes)."""

from datetime import date

from accounts.models import User
from programs.models import Programme


def seed_dispatch(programme: Programme) -> dict:
    from assessment.models import DispatchReport, DispatchState
    from assessment.services.dispatch import dispatch_publish, generate_dispatch_report
    from assessment.services.schedules import sync_default_schedules

    sync_default_schedules()
    office = User.objects.filter(username="office").first()
    year = programme.end_year
    counts = {"published": 0, "drafts": 0}
    if office is None or programme != Programme.objects.current():
        return counts
    for y, month in [(y, m) for y in programme.years for m in range(1, 13)]:
        if DispatchReport.objects.filter(programme=programme, year=y, month=month).exists():
            continue
        on = date(y + 1, 1, 10) if month == 12 else date(y, month + 1, 10)
        report = generate_dispatch_report(y, month, today=on)
        if y < year or month < 12:
            dispatch_publish(actor=office, report=report, issued_on=on)
            counts["published"] += 1
        else:
            counts["drafts"] += 1
    counts["total"] = DispatchReport.objects.filter(programme=programme, year=year).count()
    counts["published_total"] = DispatchReport.objects.filter(
        programme=programme, year=year, state=DispatchState.PUBLISHED
    ).count()
    return counts
