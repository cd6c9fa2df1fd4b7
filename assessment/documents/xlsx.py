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

    milestones_by_town = {r["town"]: r for r in s["milestones"]["by_town"]}
    sheet = book.sheet(
        SHEETS[1],
        headers=[
            "街镇",
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
    for row in s["reporting"]["by_town"]:
        m = milestones_by_town.get(row["town"], {})
        sheet.append(
            [
                row["town"],
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

    milestones_by_pool = {r["pool_id"]: r for r in s["milestones"]["by_pool"]}
    sheet = book.sheet(
        SHEETS[2],
        headers=[
            "培育库",
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
    for row in s["reporting"]["by_pool"]:
        m = milestones_by_pool.get(row["pool_id"], {})
        sheet.append(
            [
                row["pool"],
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
