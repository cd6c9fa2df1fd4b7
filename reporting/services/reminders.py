"""催报: an official reminds late enterprises (in-app notice and e-mail to the enterprise's accounts),
audited, at most once a day per enterprise (LateReminder's unique constraint)."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.notifications import notify
from core.permissions import require

from .. import permissions
from ..models import LateReminder, ReportDue
from .dues import _periods_text, _users_by_enterprise

MAX_REMINDERS = 1000  # enterprises in one 全部催报; a district has a few hundred


@dataclass
class RemindOutcome:
    sent: list[int] = field(default_factory=list)  # enterprise ids reminded now
    already: list[int] = field(default_factory=list)  # reminded earlier today
    not_late: list[int] = field(default_factory=list)  # nothing missing, or outside the actor's scope

    @property
    def message(self) -> str:
        parts = [_("已催报 %(n)d 家企业。") % {"n": len(self.sent)}]
        if self.already:
            parts.append(_("%(n)d 家今天已催报过，每家企业每天只催报一次。") % {"n": len(self.already)})
        if self.not_late:
            parts.append(_("%(n)d 家没有逾期未报的月报或不在您的范围内。") % {"n": len(self.not_late)})
        return "".join(parts)


def late_remind(*, actor, enterprise_ids, today=None) -> RemindOutcome:
    """Remind each enterprise of `enterprise_ids` that has reports missing after their due date in the
    actor's scope (ReportDue.visible_to). Each enterprise is its own transaction: one already reminded
    today is reported, not an error, and does not stop the others."""
    require(permissions.can_remind_late(actor))
    today = today or timezone.localdate()
    wanted = list(dict.fromkeys(int(i) for i in enterprise_ids))[:MAX_REMINDERS]
    missing: dict[int, list[tuple[int, int]]] = {}
    for enterprise_id, year, month in (
        ReportDue.objects.visible_to(actor)
        .missing(today)
        .filter(enterprise_id__in=wanted)
        .order_by("year", "month")
        .values_list("enterprise_id", "year", "month")
    ):
        missing.setdefault(enterprise_id, []).append((year, month))
    outcome = RemindOutcome(not_late=[e for e in wanted if e not in missing])
    users = _users_by_enterprise(missing)
    url = reverse("reporting:report_start")
    for enterprise_id, periods in missing.items():
        text = _periods_text(periods)
        recipients = users.get(enterprise_id, [])
        try:
            with transaction.atomic():
                reminder = LateReminder.objects.create(
                    enterprise_id=enterprise_id,
                    day=today,
                    sent_by=actor,
                    periods=text[:300],
                    recipients=len(recipients),
                )
                audit.record_saved(
                    actor=actor,
                    instance=reminder,
                    before=None,
                    event="reminder.sent",
                    params={"accounts": len(recipients), "periods": text},
                )
                if recipients:
                    notify(
                        recipients=recipients,
                        url=url,
                        message=_("%(unit)s催报：%(periods)s的月度报告已逾期，请尽快提交。")
                        % {"unit": actor.unit_name, "periods": text},
                    )
        except IntegrityError:
            outcome.already.append(enterprise_id)
        else:
            outcome.sent.append(enterprise_id)
    return outcome
