"""The cockpit's tables as an xlsx workbook (core.xlsx): targets, pools, pipeline, credit."""

from django.utils.translation import gettext as _

from core.money import unit_label
from core.xlsx import WorkbookWriter
from core.xlsx_layout import COUNT, NUMBER, PERCENT, Column


def cockpit_workbook(cockpit) -> bytes:
    book = WorkbookWriter()
    stamp = f"{cockpit.run.finished_at:%Y-%m-%d %H:%M}" if cockpit.run else "—"
    title = _("%(scope)s %(year)s年1—%(month)s月（数据截至 %(stamp)s）") % {
        "scope": cockpit.scope.label,
        "year": cockpit.year,
        "month": cockpit.month,
        "stamp": stamp,
    }
    sheet = book.sheet(
        _("发展目标"),
        title=title,
        # each row is an indicator in its own unit, named in the 单位 column; the figures stay numbers
        columns=[
            Column(_("指标"), width=28),
            Column(_("单位"), width=10),
            Column(_("目标值"), NUMBER),
            Column(_("完成值"), NUMBER),
            Column(_("完成率（%）"), PERCENT),
            Column(_("时间进度（%）"), PERCENT),
            Column(_("落后")),
            Column(_("来源")),
            Column(_("数据期")),
            Column(_("取数规则"), width=30),
        ],
    )
    for r in cockpit.indicators:
        sheet.append(
            [
                r.indicator.name,
                unit_label(r.indicator.unit),
                r.target,
                r.actual,
                r.completion,
                r.time_progress,
                _("是") if r.behind else "",
                r.get_source_display(),
                r.period,
                r.source_note,
            ]
        )
    sheet = book.sheet(
        _("培育库"),
        title=title,
        columns=[
            Column(_("培育库"), width=24),
            *(Column(h, COUNT) for h in (_("在库"), _("数量下限"), _("数量上限"), _("按时间进度应达"))),
            Column(_("低于进度")),
        ],
    )
    for p in cockpit.pools:
        sheet.append(
            [
                p["pool"].name,
                p["in_pool"],
                p["quota_min"],
                p["quota_max"],
                p["expected"],
                _("是") if p["below"] else "",
            ]
        )
    sheet = book.sheet(_("各街镇在库"), title=title, columns=[Column(_("街镇")), Column(_("在库"), COUNT)])
    for t in cockpit.by_town:
        sheet.append([t["town"].name, t["n"]])
    sheet = book.sheet(_("信用等级"), title=title, columns=[Column(_("等级")), Column(_("企业数"), COUNT)])
    for g in cockpit.grades:
        sheet.append([g["label"], g["n"]])
    sheet = book.sheet(
        _("黑名单与不良记录"),
        title=title,
        columns=[Column(_("月份")), Column(_("黑名单企业数"), COUNT), Column(_("不良记录数"), COUNT)],
    )
    for m in cockpit.credit_months:
        sheet.append([f"{m.month:%Y-%m}", m.blacklisted, m.adverse])
    return book.save()
