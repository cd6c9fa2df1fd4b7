"""The 调度通报's annex (.xlsx) with core.xlsx's WorkbookWriter: a sheet per list — the entries with
their reporting status, by town, by pool, by department, the overdue milestones, the key figures."""

from decimal import Decimal

from core.xlsx import WorkbookWriter

STATUS_LABELS = {"on_time": "按时报送", "late": "逾期报送", "missing": "未报送"}
SHEETS = ("入库对象", "分街镇", "分培育库", "分部门", "逾期节点", "重点指标")


def _number(value):
    return None if value in (None, "") else Decimal(value)


def build_xlsx(report) -> bytes:
    s = report.snapshot
    title = f"{report.doc_number or report.title} 附件：{report.year}年{report.month}月调度情况统计表"
    book = WorkbookWriter()

    sheet = book.sheet(SHEETS[0], headers=["序号", "入库对象", "街镇", "培育库", "月报报送"], title=title)
    for i, row in enumerate(s["entries"], start=1):
        sheet.append(
            [i, row["subject"], row["town"], row["pool"], STATUS_LABELS.get(row["status"], row["status"])]
        )

    _reporting_sheet(
        book, SHEETS[1], "街镇", s["reporting"]["by_town"], s["milestones"]["by_town"], "town", title
    )
    _reporting_sheet(
        book, SHEETS[2], "培育库", s["reporting"]["by_pool"], s["milestones"]["by_pool"], "pool_id", title
    )

    days = s["reviews"]["overdue_days"]
    sheet = book.sheet(SHEETS[3], headers=["部门", "待审核申报", f"超过{days}天未审核"], title=title)
    for row in s["reviews"]["by_department"]:
        sheet.append([row["department"], row["pending"], row["overdue"]])

    sheet = book.sheet(SHEETS[4], headers=["入库对象", "街镇", "节点", "计划完成日期"], title=title)
    for row in s["milestones"]["overdue"]:
        sheet.append([row["subject"], row["town"], row["title"], row["due_on"]])

    sheet = book.sheet(
        SHEETS[5], headers=["指标", "本年累计", "目标", "完成率（%）", "时间进度（%）"], title=title
    )
    for row in s["figures"]["metrics"]:
        sheet.append(
            [
                row["label"],
                _number(row["ytd"]),
                _number(row["goal"]),
                _number(row["completion"]),
                _number(row["time_progress"]),
            ]
        )
    for row in s["figures"]["district"]:
        sheet.append(
            [
                f"全区{row['indicator']}（{row['unit']}）",
                _number(row["actual"]),
                _number(row["target"]),
                _number(row["completion"]),
                _number(row["time_progress"]),
            ]
        )
    return book.save()


def _reporting_sheet(book, name, unit_header, rows, milestones, key, title):
    """Reporting and milestones of one kind of unit (town or pool), one row per unit."""
    milestones_by_unit = {r[key]: r for r in milestones}
    sheet = book.sheet(
        name,
        headers=[
            unit_header,
            "入库对象",
            "按时报送",
            "逾期报送",
            "未报送",
            "按时报送率（%）",
            "本月到期节点",
            "已完成",
            "逾期节点",
        ],
        title=title,
    )
    label = "town" if key == "town" else "pool"
    for row in rows:
        m = milestones_by_unit.get(row[key], {})
        sheet.append(
            [
                row[label],
                row["entries"],
                row["on_time"],
                row["late"],
                row["missing"],
                _number(row["on_time_rate"]),
                m.get("due", 0),
                m.get("done", 0),
                m.get("overdue", 0),
            ]
        )
