"""Demo activity that grows with `seed_demo --scale`: nominations near each year's quotas × scale,
a development plan with milestones and a year of confirmed monthly reports for the entries of the
programme's last year, then a cockpit refresh.

Written with bulk_create in batches (no services: the rows are generated, not decided by anyone;
seed_demo's own service-made nominations stay the examples with history). Idempotent: a year that
already has generated nominations (their path plan carries MARK) is left alone.
"""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from enterprises.models import Enterprise, Project
from pools import reach
from programs.models import Pool, Programme, SubjectKind

MARK = "【演示数据】围绕主导产业延链补链，实施智能化技术改造。"
BATCH = 5000
DEFAULT_QUOTA = 10  # a pool whose text fixes no number
# How a year's nominations end up (weights): most approved, some waiting, a few refused or withdrawn.
OUTCOMES = [
    ("approved", 70),
    ("submitted", 10),
    ("rejected", 7),
    ("returned", 5),
    ("draft", 5),
    ("withdrawn", 3),
]


def seed_activity(programme: Programme, scale: float) -> dict:
    from cockpit.services import refresh_cockpit

    rng = random.Random(2017)
    created = {"nominations": 0, "plans": 0, "milestones": 0, "reports": 0}
    for year in programme.years:
        created["nominations"] += _nominations(programme, year, scale, rng)
    reach.rebuild()  # bulk_create passes by the signals that keep the departments' enterprises
    plans, milestones, reports = _entries_activity(programme, programme.end_year, rng)
    created.update(plans=plans, milestones=milestones, reports=reports)
    runs = refresh_cockpit()
    created["cockpit_rows"] = sum(run.rows for run in runs)
    return created


def _quota(pool: Pool, year: int) -> int:
    quota = next((q for q in pool.quotas.all() if q.year == year), None)
    if quota is None:
        return DEFAULT_QUOTA
    return quota.quota_min or quota.quota_max or DEFAULT_QUOTA


@transaction.atomic
def _nominations(programme: Programme, year: int, scale: float, rng: random.Random) -> int:
    from pools.models import Nomination

    if Nomination.objects.filter(programme=programme, year=year, path_plan=MARK).exists():
        return 0
    towns = {u.town_id: u for u in User.objects.filter(role=Role.TOWN).order_by("username")}
    reviewer = User.objects.filter(role=Role.OFFICE).order_by("pk").first()
    taken = {
        (pool_id, e or p)
        for pool_id, e, p in Nomination.objects.filter(year=year).values_list(
            "pool_id", "enterprise_id", "project_id"
        )
    }
    subjects = {
        SubjectKind.ENTERPRISE: list(
            Enterprise.objects.filter(town_id__in=towns).values_list("pk", "town_id")
        ),
        SubjectKind.PROJECT: list(Project.objects.filter(town_id__in=towns).values_list("pk", "town_id")),
    }
    states, weights = zip(*OUTCOMES, strict=True)
    start = timezone.make_aware(datetime(year, 2, 1, 9, 0))
    rows: list = []
    made = 0
    for pool in Pool.objects.filter(programme=programme).prefetch_related("quotas").order_by("order"):
        pool_subjects = subjects[pool.subject]
        wanted = int(_quota(pool, year) * scale * rng.uniform(0.85, 1.1))
        for pk, town_id in rng.sample(pool_subjects, min(wanted, len(pool_subjects))):
            if (pool.pk, pk) in taken:
                continue
            state = rng.choices(states, weights)[0]
            submitted = start + timedelta(days=rng.randint(0, 40), minutes=rng.randint(0, 600))
            decided = submitted + timedelta(days=rng.randint(3, 30))
            rows.append(
                Nomination(
                    programme=programme,
                    year=year,
                    pool=pool,
                    town_id=town_id,
                    enterprise_id=pk if pool.subject == SubjectKind.ENTERPRISE else None,
                    project_id=pk if pool.subject == SubjectKind.PROJECT else None,
                    state=state,
                    path_plan=MARK,
                    eligible=state != "rejected",
                    submitted_at=None if state == "draft" else submitted,
                    decided_at=decided if state in ("approved", "rejected", "returned") else None,
                    decided_by=reviewer if state in ("approved", "rejected", "returned") else None,
                    created_by=towns[town_id],
                )
            )
            if len(rows) >= BATCH:
                made += _flush(Nomination, rows)
    return made + _flush(Nomination, rows)


def _flush(model, rows: list) -> int:
    """Insert and forget a batch (memory stays flat at scale 100)."""
    count = len(rows)
    model.objects.bulk_create(rows, batch_size=BATCH)
    rows.clear()
    return count


@transaction.atomic
def _entries_activity(programme: Programme, year: int, rng: random.Random) -> tuple[int, int, int]:
    """A plan with four milestones and the confirmed monthly reports of the year (to the current
    month, or all twelve for a past year) for each generated enterprise entry of `year`."""
    from pools.models import Nomination, NominationState
    from reporting.models import DevelopmentPlan, Milestone, MilestoneStatus, Report, ReportState

    entries = list(
        Nomination.objects.filter(
            programme=programme,
            year=year,
            path_plan=MARK,
            state=NominationState.APPROVED,
            enterprise__isnull=False,
        )
        .exclude(pk__in=DevelopmentPlan.objects.values("nomination_id"))
        .values_list("pk", "enterprise_id", "town_id")
    )
    plans = [
        DevelopmentPlan(nomination_id=pk, enterprise_id=e, town_id=t, summary=MARK) for pk, e, t in entries
    ]
    DevelopmentPlan.objects.bulk_create(plans, batch_size=BATCH)
    today = timezone.localdate()
    milestones = 0
    pending: list = []
    for plan in plans:
        for quarter in range(1, 5):
            due = date(year, quarter * 3, 28)
            status = MilestoneStatus.DONE if rng.random() < 0.7 else MilestoneStatus.IN_PROGRESS
            if due >= today:
                status = MilestoneStatus.PLANNED
            pending.append(
                Milestone(
                    plan=plan,
                    title=f"第{quarter}季度节点",
                    due_on=due,
                    status=status,
                    done_on=due if status == MilestoneStatus.DONE else None,
                )
            )
        if len(pending) >= BATCH:
            milestones += _flush(Milestone, pending)
    milestones += _flush(Milestone, pending)
    last_month = 12 if year < today.year else max(today.month - 1, 0)
    reported = set(Report.objects.filter(year=year).values_list("enterprise_id", "month"))
    reports: list = []
    made = 0
    now = timezone.now()
    for enterprise_id in {e for _pk, e, _t in entries}:
        ytd = Decimal(0)
        for month in range(1, last_month + 1):
            value = Decimal(rng.randint(800, 5000))
            ytd += value
            if (enterprise_id, month) in reported:
                continue
            reports.append(
                Report(
                    enterprise_id=enterprise_id,
                    year=year,
                    month=month,
                    state=ReportState.CONFIRMED,
                    figures={"output": {"value": str(value), "ytd": str(ytd)}},
                    submitted_at=now,
                    decided_at=now,
                )
            )
            if len(reports) >= BATCH:
                made += _flush(Report, reports)
    return len(plans), milestones, made + _flush(Report, reports)
