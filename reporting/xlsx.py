"""xlsx export of reports and figures for a period, a town and a pool (write-only workbook: large exports
stay in bounded memory)."""

from io import BytesIO

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from pools.models import Nomination

from .figures import ANNUAL, FIGURE_CODES, NOT_CUMULATIVE, label_of, period_label, unit_of
from .models import FigureSource, Report, ReportState
from .selectors import growth_rates

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def _header(ws, headers):
    bold = Font(bold=True)
    cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)


def export_workbook(user, *, year: int, month: int | None, town=None, pool=None) -> tuple[bytes, int]:
    """Sheet 1: the reports of the period (versions in force); sheet 2: each enterprise's figures of the
    period, official over self, with 同比. Returns (content, enterprise rows)."""
    enterprises = scoped_enterprises(user, year=year, town=town, pool=pool)
    wb = Workbook(write_only=True)

    reports = (
        Report.objects.visible_to(user)
        .current()
        .filter(year=year, enterprise__in=enterprises.values("pk"))
        .select_related("enterprise", "enterprise__town")
        .order_by("enterprise__town__order", "enterprise__name", "month")
    )
    if month:
        reports = reports.filter(month=month)
    ws = wb.create_sheet(_("月度报告"))
    figure_headers = []
    for code in FIGURE_CODES:
        figure_headers.append(f"{label_of(code)}（{unit_of(code)}）")
        if code not in NOT_CUMULATIVE:
            figure_headers.append(f"{label_of(code)}本年累计（{unit_of(code)}）")
    _header(
        ws,
        [
            _("统一社会信用代码"),
            _("企业名称"),
            _("街镇"),
            _("期别"),
            _("版本"),
            _("状态"),
            _("提交时间"),
            _("确认时间"),
            *figure_headers,
            _("总体情况"),
            _("更正原因"),
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
                timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M") if r.submitted_at else "",
                timezone.localtime(r.decided_at).strftime("%Y-%m-%d %H:%M") if r.decided_at else "",
                *values,
                r.note,
                r.correction_reason,
            ]
        )

    period_month = month or ANNUAL
    ws = wb.create_sheet(_("企业数据"))
    headers = [_("统一社会信用代码"), _("企业名称"), _("街镇"), _("期别")]
    for code in FIGURE_CODES:
        basis = "" if period_month == ANNUAL or code in NOT_CUMULATIVE else _("本年累计")
        headers += [
            f"{label_of(code)}{basis}（{unit_of(code)}）",
            _("%(label)s来源") % {"label": label_of(code)},
            _("%(label)s同比（%%）") % {"label": label_of(code)},
        ]
    _header(ws, headers)
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
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), len(rows)
