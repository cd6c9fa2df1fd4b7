"""The value of every computed indicator for every subject of a run, from the portal's data: one
query per kind whatever the number of subjects (see portal_data)."""

from dataclasses import dataclass, field
from decimal import Decimal

from pools.models import Nomination
from programs.models import Department, Pool, Town

from ..models import IndicatorKind, Subject
from . import portal_data as data

K = IndicatorKind
# The value of a subject the kind's query returned no row for (no nominations: 0), where 0 is the
# right answer; kinds without it leave such a subject without data.
NO_DATA = 0
SUPPORTED_KINDS = {
    Subject.TOWN: {
        K.NOMINATIONS_VS_QUOTA,
        K.ENTRIES_APPROVED,
        K.ON_TIME_RATE,
        K.MILESTONE_COMPLETION,
        K.OVERDUE_MILESTONES,
        K.RATED,
    },
    Subject.DEPARTMENT: {
        K.REVIEW_TURNAROUND,
        K.ENTRIES_APPROVED,
        K.MILESTONE_COMPLETION,
        K.OVERDUE_MILESTONES,
        K.RATED,
    },
    Subject.ENTERPRISE: {
        K.ON_TIME_RATE,
        K.MILESTONE_COMPLETION,
        K.OVERDUE_MILESTONES,
        K.CREDIT_GRADE,
        K.OUTPUT_GROWTH,
        K.TAX_GROWTH,
        K.RATED,
    },
}


@dataclass
class Value:
    value: Decimal | None
    inputs: dict = field(default_factory=dict)
    key: str | None = None  # a table's key (the credit grade)


def subjects_of(scheme, year: int) -> list:
    """Who a run assesses: the active towns; the departments that lead a pool of the programme; the
    enterprises with an entry in a pool that year (themselves or through a project)."""
    if scheme.subject == Subject.TOWN:
        return list(Town.objects.filter(is_active=True).order_by("order", "code"))
    if scheme.subject == Subject.DEPARTMENT:
        leads = Pool.objects.filter(programme=scheme.programme).values("lead_departments")
        return list(Department.objects.filter(is_active=True, pk__in=leads).order_by("order", "code"))
    from enterprises.models import Enterprise

    entries = Nomination.objects.in_pool().filter(programme=scheme.programme, year=year)
    ids = set(entries.filter(enterprise__isnull=False).values_list("enterprise_id", flat=True))
    ids |= set(entries.filter(project__isnull=False).values_list("project__enterprise_id", flat=True))
    return list(Enterprise.objects.filter(pk__in=ids).select_related("town").order_by("town__order", "name"))


def values_for(scheme, year: int, kinds: set, today) -> dict[str, dict[int, Value]]:
    """{kind: {subject id: Value}} for the computed kinds asked for."""
    period = data.Period.year(year, today)
    programme = scheme.programme
    subject = scheme.subject
    out: dict[str, dict[int, Value]] = {}
    milestone_field = {
        Subject.TOWN: "plan__town_id",
        Subject.DEPARTMENT: "plan__nomination__pool__lead_departments",
        Subject.ENTERPRISE: "plan__enterprise_id",
    }[subject]
    milestones = None
    if kinds & {K.MILESTONE_COMPLETION, K.OVERDUE_MILESTONES}:
        milestones = data.milestones_by(period, milestone_field)
    for kind in kinds:
        values: dict[int, Value] = {}
        if kind == K.NOMINATIONS_VS_QUOTA:
            share = data.town_share(programme, year)
            for town_id, n in data.nominations_by_town(programme, year).items():
                value = (Decimal(n) * 100 / share).quantize(Decimal("0.01")) if share else None
                values[town_id] = Value(value, {"申报数": n, "应报份额": str(share) if share else "—"})
            values[NO_DATA] = Value(
                Decimal("0") if share else None, {"申报数": 0, "应报份额": str(share or "—")}
            )
        elif kind == K.ENTRIES_APPROVED:
            field_name = "town_id" if subject == Subject.TOWN else "pool__lead_departments"
            for unit_id, n in data.entries_by(programme, year, field_name).items():
                values[unit_id] = Value(Decimal(n), {"入库数": n})
            values[NO_DATA] = Value(Decimal("0"), {"入库数": 0})
        elif kind == K.ON_TIME_RATE:
            field_name = "enterprise__town_id" if subject == Subject.TOWN else "enterprise_id"
            for unit_id, (due, on_time, missing) in data.on_time_by(period, field_name).items():
                values[unit_id] = Value(
                    data.percent(on_time, due), {"应报": due, "按时": on_time, "未报": missing}
                )
        elif kind in (K.MILESTONE_COMPLETION, K.OVERDUE_MILESTONES):
            for unit_id, (due, done, overdue) in (milestones or {}).items():
                if kind == K.MILESTONE_COMPLETION:
                    values[unit_id] = Value(data.percent(done, due), {"到期节点": due, "已完成": done})
                else:
                    values[unit_id] = Value(Decimal(overdue), {"逾期节点": overdue})
            if kind == K.OVERDUE_MILESTONES:
                values[NO_DATA] = Value(Decimal("0"), {"逾期节点": 0})
        elif kind == K.REVIEW_TURNAROUND:
            for unit_id, days in data.review_days_by_department(programme, year).items():
                values[unit_id] = Value(days, {"平均用时（天）": str(days)})
        elif kind == K.CREDIT_GRADE:
            for enterprise_id, grade in data.credit_grades().items():
                values[enterprise_id] = Value(None, {"信用等级": grade}, key=grade)
        elif kind in (K.OUTPUT_GROWTH, K.TAX_GROWTH):
            metric = "output" if kind == K.OUTPUT_GROWTH else "tax"
            for enterprise_id, (before, now, pct) in data.growth(metric, year).items():
                values[enterprise_id] = Value(pct, {f"{year - 1}年": str(before), f"{year}年": str(now)})
        out[kind] = values
    return out
