"""The generated sentences a dispatch report starts from (pure functions of its snapshot).

The text is the 通报's own (a Chinese official document, GB/T 9704-2012): it is written in Chinese
whatever the reader's interface language, and the office edits it before publication."""

from decimal import Decimal

SECTIONS = (
    ("overview", "一、总体情况"),
    ("towns", "二、分街镇（部门）情况"),
    ("problems", "三、存在问题"),
    ("next_steps", "四、下步工作"),
)
SECTION_KEYS = tuple(key for key, _title in SECTIONS)


def _pct(value) -> str:
    return "—" if value in (None, "") else f"{Decimal(value)}%"


def _names(rows, key) -> str:
    return "、".join(r[key] for r in rows) or "无"


def overview(s: dict) -> str:
    rep, ms, fig = s["reporting"]["totals"], s["milestones"]["totals"], s["figures"]
    text = (
        f"{s['year']}年{s['month']}月，全区培育库入库对象共{rep['entries']}个，按时报送月报{rep['on_time']}个，"
        f"逾期报送{rep['late']}个，未报送{rep['missing']}个，按时报送率{_pct(rep['on_time_rate'])}。"
        f"发展路径节点本月到期{ms['due']}个，已完成{ms['done']}个，截至月底逾期未完成{ms['overdue']}个。"
    )
    parts = []
    for m in fig["metrics"]:
        if m["goal"]:
            parts.append(f"{m['label']}累计完成目标的{_pct(m['completion'])}")
    if parts:
        text += "入库对象" + "，".join(parts) + f"，时间进度{_pct(fig['time_progress'])}。"
    for t in fig["district"]:
        if t["target"] and t["actual"]:
            text += f"全区{t['indicator']}完成年度目标的{_pct(t['completion'])}。"
    reviews = s["reviews"]["totals"]
    if reviews["pending"]:
        text += f"待审核入库申报{reviews['pending']}件，其中超过{s['reviews']['overdue_days']}天未审核{reviews['overdue']}件。"
    return text


def towns(s: dict) -> str:
    r = s["rankings"]
    text = ""
    if r["towns_first"]:
        text += f"月报按时报送率居前的街镇：{_names(r['towns_first'], 'town')}。"
    if r["towns_last"]:
        text += f"居后的街镇：{_names(r['towns_last'], 'town')}。"
    if r["departments_first"]:
        text += f"审核及时的部门：{_names(r['departments_first'], 'department')}。"
    if r["departments_last"]:
        text += f"审核超期较多的部门：{_names(r['departments_last'], 'department')}。"
    return text or "本月无分街镇（部门）数据。"


def problems(s: dict) -> str:
    found = s["problems"]
    if not found:
        return "本月未发现突出问题。"
    lines = [f"（{i}）{p['text']}。" for i, p in enumerate(found[:10], start=1)]
    if len(found) > 10:
        lines.append(f"其余{len(found) - 10}项详见附件。")
    return "\n".join(lines)


def next_steps(s: dict) -> str:
    ms = s["milestones"]
    year, month = (s["year"] + 1, 1) if s["month"] == 12 else (s["year"], s["month"] + 1)
    return (
        f"（一）各街镇督促入库对象按时报送{year}年{month}月月报，未报送的限期补报。"
        f"\n（二）下月到期的发展路径节点{ms['next_month_due']}个，各街镇、责任部门逐一对接，确保按期完成；"
        "逾期节点说明原因、明确完成时限。"
        f"\n（三）各牵头部门及时审核入库申报，超过{s['reviews']['overdue_days']}天未审核的限期办结。"
    )


def generate(snapshot: dict) -> dict:
    return {
        "overview": overview(snapshot),
        "towns": towns(snapshot),
        "problems": problems(snapshot),
        "next_steps": next_steps(snapshot),
    }


def title(year: int, month: int) -> str:
    return f"关于{year}年{month}月份产业培育工作调度情况的通报"


def chinese_date(day) -> str:
    """成文日期 as GB/T 9704-2012 writes it: Arabic numerals, year, month and day in full
    (2019年3月10日), no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"
