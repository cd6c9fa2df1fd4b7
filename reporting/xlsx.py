"""xlsx export of reports and figures for a period, a town and a pool (write-only workbook: large exports
stay in bounded memory)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from core.xlsx import WorkbookWriter
from core.xlsx_layout import CODE, COUNT, DATETIME, INT, MONEY, PERCENT, Column
from pools.models import Nomination

from .figures import ANNUAL, FIGURE_CODES, NOT_CUMULATIVE, WHOLE_NUMBERS, label_of, period_label, unit_of
from .models import FigureSource, Report, ReportState
from .selectors import growth_rates


def scoped_enterprises(user, *, year: int, town=None, pool=None):
    from .selectors import figure_enterprises

    qs = figure_enterprises(user)  # whose figures the user sees: the scope of their reports
    if town is not None:
        qs = qs.filter(town=town)
    if pool is not None:
        entries = Nomination.objects.in_pool().filter(pool=pool, year=year)
        qs = qs.filter(
            Q(pk__in=entries.values("enterprise_id")) | Q(pk__in=entries.values("project__enterprise_id"))
        )
    return qs


def export_workbook(user, *, year: int, month: int | None, town=None, pool=None) -> tuple[bytes, int]:
    """Sheet 1: the reports of the period (versions in force); sheet 2: each enterprise's figures of the
    period, official over self, with 同比. Returns (content, enterprise rows)."""
    enterprises = scoped_enterprises(user, year=year, town=town, pool=pool)
    book = WorkbookWriter()

    reports = (
        Report.objects.visible_to(user)
        .current()
        .filter(year=year, enterprise__in=enterprises.values("pk"))
        .select_related("enterprise", "enterprise__town")
        .order_by("enterprise__town__order", "enterprise__name", "month")
    )
    if month:
        reports = reports.filter(month=month)
    figure_columns = []
    for code in FIGURE_CODES:
        kind = COUNT if code in WHOLE_NUMBERS else MONEY
        figure_columns.append(Column(f"{label_of(code)}（{unit_of(code)}）", kind, width=14))
        if code not in NOT_CUMULATIVE:
            figure_columns.append(Column(f"{label_of(code)}本年累计（{unit_of(code)}）", kind, width=14))
    ws = book.sheet(
        _("月度报告"),
        columns=[
            Column(_("统一社会信用代码"), CODE, width=22),
            Column(_("企业名称"), width=30),
            Column(_("街镇"), width=12),
            Column(_("期别"), width=12),
            Column(_("版本"), INT, width=6),
            Column(_("状态"), width=10),
            Column(_("提交时间"), DATETIME, width=17),
            Column(_("确认时间"), DATETIME, width=17),
            *figure_columns,
            Column(_("总体情况"), width=40),
            Column(_("更正原因"), width=24),
        ],
    )
    for r in reports.iterator(chunk_size=2000):
        values = []
        for code in FIGURE_CODES:
            values.append(r.figure(code, "value"))
            if code not in NOT_CUMULATIVE:
                values.append(r.figure(code, "ytd"))
        ws.append(
            [
                r.enterprise.uscc,
                r.enterprise.name,
                r.enterprise.town.name,
                period_label(r.year, r.month),
                r.version,
                str(ReportState(r.state).label),
                r.submitted_at,
                r.decided_at,
                *values,
                r.note,
                r.correction_reason,
            ]
        )

    period_month = month or ANNUAL
    # The period's figures of each enterprise: summed in a 合计 row (the town's or pool's total), the
    # growth rates not.
    columns = [
        Column(_("统一社会信用代码"), CODE, width=22),
        Column(_("企业名称"), width=30),
        Column(_("街镇"), width=12),
        Column(_("期别"), width=12),
    ]
    for code in FIGURE_CODES:
        basis = "" if period_month == ANNUAL or code in NOT_CUMULATIVE else _("本年累计")
        kind = COUNT if code in WHOLE_NUMBERS else MONEY
        columns += [
            Column(f"{label_of(code)}{basis}（{unit_of(code)}）", kind, width=14, total=True),
            Column(_("%(label)s来源") % {"label": label_of(code)}, width=10),
            Column(_("%(label)s同比（%%）") % {"label": label_of(code)}, PERCENT, width=12),
        ]
    ws = book.sheet(_("企业数据"), columns=columns)
    rows = list(enterprises.order_by("town__order", "name").values_list("pk", "uscc", "name", "town__name"))
    rates = growth_rates(
        year=year, month=period_month, enterprise_ids=[r[0] for r in rows] if town or pool else None
    )
    sources = {FigureSource.OFFICIAL: _("统计数据"), FigureSource.SELF: _("企业自报")}
    period = period_label(year, period_month)
    for pk, uscc, name, town_name in rows:
        figures = rates.get(pk, {})
        line = [uscc, name, town_name, period]
        for code in FIGURE_CODES:
            current, _previous, rate, source = figures.get(code, (None, None, None, ""))
            line += [current, sources.get(source, ""), rate]
        ws.append(line)
    return book.save(), len(rows)
