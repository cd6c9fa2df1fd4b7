"""Demo 催报: the first towns with late enterprises have reminded some of them two days ago and one
today, through the reporting service (in-app notices, audit rows and the once-a-day rule are real), so
the late-reports page shows who was reminded when, and 催报 again today is refused for that one.
Idempotent: skipped once any reminder exists."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import Role, User

TOWNS = 3  # towns that have reminded
PER_TOWN = 3  # late enterprises reminded per town (the last of them today, the others two days ago)


def seed_reminders() -> int:
    from reporting.models import LateReminder, ReportDue
    from reporting.services import late_remind

    if LateReminder.objects.exists():
        return 0
    today = timezone.localdate()
    earlier = today - timedelta(days=2)
    created = 0
    reminded_towns = 0
    towns = User.objects.filter(role=Role.TOWN, is_active=True).select_related("town")
    for town_user in towns.order_by("town__order", "pk"):
        late = list(
            ReportDue.objects.visible_to(town_user)
            .missing(earlier)
            .order_by("enterprise_id")
            .values_list("enterprise_id", flat=True)
            .distinct()[:PER_TOWN]
        )
        if not late:
            continue
        before = (
            late_remind(actor=town_user, enterprise_ids=late[:-1], today=earlier).sent if late[1:] else []
        )
        # sent_at is stamped "now"; the earlier reminders show the afternoon of their own day
        at = timezone.make_aware(datetime.combine(earlier, time(15, 30)))
        LateReminder.objects.filter(enterprise_id__in=before, day=earlier).update(sent_at=at)
        now = late_remind(actor=town_user, enterprise_ids=late[-1:], today=today).sent
        created += len(before) + len(now)
        reminded_towns += 1
        if reminded_towns >= TOWNS:
            break
    return created
