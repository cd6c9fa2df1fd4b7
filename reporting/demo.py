"""Demo data for reporting (called from portal.demo.seed_demo): official annual statistics for the
above-scale enterprises, a year of monthly reports for the first demo enterprise (through the services,
so history, audit rows, self-reported figures and notifications are real), its development plan, and
the obligations and lateness the scheduled task would produce. Idempotent."""

import random
from datetime import date
from decimal import Decimal

from django.utils import timezone

from accounts.models import Role, User
from enterprises.models import Enterprise
from pools.models import Nomination
from programs.models import Criterion, Department, Pool, Programme, SubjectKind

from . import services
from .figures import ANNUAL, FIGURE_CODES, FigureCode
from .models import DevelopmentPlan, Figure, FigureImport, FigureSource, Report

DEMO_FILE = "seed_demo 统计年报.xlsx"
CENT = Decimal("0.01")
# Annual scale of each figure relative to output (产值), for plausible generated numbers.
SHAPE = {
    FigureCode.OUTPUT: Decimal("1"),
    FigureCode.MAIN_REVENUE: Decimal("0.93"),
    FigureCode.TAX: Decimal("0.045"),
    FigureCode.FIXED_ASSET_INVESTMENT: Decimal("0.12"),
    FigureCode.RD_SPENDING: Decimal("0.018"),
    FigureCode.HIGH_END_REVENUE: Decimal("0.38"),
    FigureCode.CUSTOM_ORDER_VALUE: Decimal("0.06"),
}


def annual_figures(rng: random.Random, base: Decimal, years: list[int]) -> dict[int, dict[str, Decimal]]:
    """Plausible figures for consecutive years: output grows (or shrinks) a little every year."""
    out, output = {}, base
    for year in years:
        out[year] = {
            code: (output * share * Decimal(str(rng.uniform(0.85, 1.15)))).quantize(CENT)
            for code, share in SHAPE.items()
        }
        out[year][FigureCode.EMPLOYEES] = Decimal(int(output / 80) + rng.randint(20, 60))
        output = (output * Decimal(str(rng.uniform(0.9, 1.35)))).quantize(CENT)
    return out


def _statistics_batch(office) -> FigureImport:
    department = Department.objects.filter(code="statistics").first() or Department.objects.first()
    actor = User.objects.filter(role=Role.DEPARTMENT, department=department).first() or office
    batch, _created = FigureImport.objects.get_or_create(
        file_name=DEMO_FILE,
        defaults={"actor": actor, "department": department, "status": FigureImport.Status.SUCCEEDED},
    )
    return batch


def seed_official_annual(programme: Programme, office) -> int:
    """The statistics bureau's annual figures of the three years before the programme's last year."""
    batch = _statistics_batch(office)
    years = list(range(programme.end_year - 3, programme.end_year))
    rng = random.Random(2016)
    rows, count = [], 0
    before = Figure.objects.filter(batch=batch).count()
    enterprises = list(
        Enterprise.objects.filter(is_above_scale=True).order_by("uscc").values_list("pk", flat=True)
    )
    for pk in enterprises:
        base = Decimal(rng.choice([2500, 8000, 15000, 40000, 120000, 600000])) * Decimal(
            str(rng.uniform(0.8, 1.2))
        )
        for year, figures in annual_figures(rng, base.quantize(CENT), years).items():
            rows += [
                Figure(
                    enterprise_id=pk,
                    year=year,
                    month=ANNUAL,
                    metric=code,
                    source=FigureSource.OFFICIAL,
                    value=value,
                    batch=batch,
                    department_id=batch.department_id,
                )
                for code, value in figures.items()
            ]
        if len(rows) >= 50000 or pk == enterprises[-1]:  # bounded memory at a province's scale
            Figure.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
            count, rows = count + len(rows), []
    if batch.rows == 0:
        FigureImport.objects.filter(pk=batch.pk).update(
            rows=len(enterprises) * len(years),
            figures=count,
            columns=FIGURE_CODES,
            periods=[f"{y}年" for y in years],
        )
    return Figure.objects.filter(batch=batch).count() - before


def _ensure_entry(programme: Programme, enterprise: Enterprise, town_user) -> Nomination | None:
    """The demo enterprise in the 智能制造 pool of the programme's last year, through the pool services."""
    from pools import services as pool_services
    from pools.prefill import prefill_figures

    year = programme.end_year
    existing = Nomination.objects.in_pool().filter(enterprise=enterprise, year=year).first()
    if existing is not None:
        return existing
    taken = set(Nomination.objects.filter(enterprise=enterprise, year=year).values_list("pool_id", flat=True))
    pools = Pool.objects.filter(programme=programme, subject=SubjectKind.ENTERPRISE).exclude(pk__in=taken)
    pool = pools.filter(code="smart_manufacturing").first() or pools.order_by("order").first()
    reviewer = (
        User.objects.filter(role=Role.DEPARTMENT, department__in=pool.lead_departments.all()).first()
        if pool
        else None
    )
    if pool is None or reviewer is None:
        return None
    metrics, sources = prefill_figures(pool=pool, year=year, enterprise=enterprise)
    nomination = pool_services.nomination_create(
        actor=town_user,
        pool=pool,
        year=year,
        enterprise=enterprise,
        metrics=metrics,
        metric_sources=sources,
        path_plan="建设数字化车间，三年内关键工序数控化率达到80%。",
        explanation="按统计数据预填，部分指标受市场影响。",
    )
    qualitative = [c for c in pool.criteria.all() if c.kind == Criterion.Kind.QUALITATIVE]
    pool_services.nomination_update(
        actor=town_user,
        nomination=nomination,
        claims={c.code: {"claimed": True, "note": ""} for c in qualitative},
    )
    pool_services.nomination_transition(actor=town_user, nomination=nomination, action="submit")
    for c in qualitative:
        pool_services.criterion_review(
            actor=reviewer, nomination=nomination, criterion=c, decision="confirmed"
        )
    return pool_services.nomination_transition(actor=reviewer, nomination=nomination, action="approve")


def _seed_plan(entry: Nomination, enterprise_user, town_user) -> None:
    if DevelopmentPlan.objects.filter(nomination=entry, goals__isnull=False).exists():
        return
    year = entry.year
    services.plan_update(
        actor=town_user,
        nomination=entry,
        path_solution="街镇协调用地和电力增容，对接高校共建研发中心，推进智能化技术改造。",
    )
    services.plan_update(
        actor=enterprise_user,
        nomination=entry,
        summary="以数字化车间为抓手，分三步实施：设备联网、生产执行系统、智能排产。",
    )
    output = (
        Figure.objects.filter(
            enterprise=entry.enterprise, year=year - 1, month=ANNUAL, metric=FigureCode.OUTPUT
        )
        .values_list("value", flat=True)
        .first()
    ) or Decimal("20000")
    services.goal_save(
        actor=enterprise_user,
        nomination=entry,
        year=year,
        metric=FigureCode.OUTPUT,
        target=(output * Decimal("1.2")).quantize(CENT),
        description="产值增长20%",
    )
    services.goal_save(actor=enterprise_user, nomination=entry, year=year, description="建成数字化车间1个")
    for title, due, status in [
        ("完成设备联网改造", date(year, 3, 31), "done"),
        ("上线生产执行系统（MES）", date(year, 6, 30), "done"),
        ("智能排产系统试运行", date(year, 10, 31), "in_progress"),
        ("通过市级数字化车间认定", date(year, 12, 31), "planned"),
    ]:
        services.milestone_save(
            actor=enterprise_user, nomination=entry, title=title, due_on=due, status=status
        )


def _seed_reports(entry: Nomination, enterprise_user, town_user) -> int:
    """January to October confirmed, November submitted (awaiting the town), December missing (late)."""
    enterprise, year = entry.enterprise, entry.year
    if Report.objects.filter(enterprise=enterprise, year=year).exists():
        return 0
    rng = random.Random(enterprise.pk)
    last_year = {
        code: (
            Figure.objects.filter(enterprise=enterprise, year=year - 1, month=ANNUAL, metric=code)
            .values_list("value", flat=True)
            .first()
            or Decimal("1000")
        )
        for code in FIGURE_CODES
    }
    ytd = dict.fromkeys(FIGURE_CODES, Decimal(0))
    created = 0
    for month in range(1, 12):
        figures = {}
        for code in FIGURE_CODES:
            if code == FigureCode.EMPLOYEES:
                figures[code] = {"value": str(int(last_year[code]) + month)}
                continue
            value = (last_year[code] / 12 * Decimal(str(rng.uniform(1.0, 1.3)))).quantize(CENT)
            ytd[code] += value
            figures[code] = {"value": str(value), "ytd": str(ytd[code])}
        report = services.report_start(actor=enterprise_user, year=year, month=month)
        entries = {
            str(e.nomination_id): {
                "progress": f"{month}月：按计划推进智能化改造，新增数控设备{month + 2}台。"
            }
            for e in report.entries.all()
        }
        services.report_update(
            actor=enterprise_user, report=report, figures=figures, entries=entries, note="生产经营总体平稳。"
        )
        services.report_transition(actor=enterprise_user, report=report, action="submit")
        if month <= 10:
            services.report_transition(actor=town_user, report=report, action="confirm")
        created += 1
    # the bureau's monthly figure for June differs: the town sees the gap flagged
    june = Figure.objects.filter(
        enterprise=enterprise, year=year, month=6, metric=FigureCode.OUTPUT, source=FigureSource.SELF
    ).first()
    if june is not None:
        batch = FigureImport.objects.get(file_name=DEMO_FILE)
        Figure.objects.get_or_create(
            enterprise=enterprise,
            year=year,
            month=6,
            metric=FigureCode.OUTPUT,
            source=FigureSource.OFFICIAL,
            defaults={
                "value": (june.value * Decimal("0.8")).quantize(CENT),
                "ytd": (june.ytd * Decimal("0.85")).quantize(CENT),
                "batch": batch,
                "department_id": batch.department_id,
            },
        )
    return created


def seed_reporting(programme: Programme) -> dict:
    office = User.objects.get(username="office")
    counts = {"figures": seed_official_annual(programme, office), "reports": 0}
    enterprise_user = User.objects.filter(username="enterprise_1").select_related("enterprise").first()
    if enterprise_user is not None:
        enterprise = enterprise_user.enterprise
        town_user = User.objects.filter(role=Role.TOWN, town_id=enterprise.town_id).first()
        entry = _ensure_entry(programme, enterprise, town_user) if town_user else None
        if entry is not None:
            _seed_plan(entry, enterprise_user, town_user)
            counts["reports"] = _seed_reports(entry, enterprise_user, town_user)
    counts.update(services.reporting_daily(today=timezone.localdate()))
    return counts
