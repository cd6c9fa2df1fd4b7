"""The generated sentences of the annual summary (一年一总结); the office edits them before publishing."""

SECTIONS = (
    ("overview", "一、全年总体情况"),
    ("units", "二、分街镇（部门）情况"),
    ("assessment", "三、考核与督查"),
    ("problems", "四、存在问题"),
    ("next_year", "五、明年工作"),
)
SECTION_KEYS = tuple(key for key, _title in SECTIONS)
COLOURS = {"green": "绿", "yellow": "黄", "red": "红"}


def _pct(value) -> str:
    return "—" if value in (None, "") else f"{value}%"


def overview(s: dict) -> str:
    m = s["monthly"]
    t = m["totals"]
    if not m["months"]:
        return f"{s['year']}年尚无已印发的调度通报。"
    text = (
        f"{s['year']}年共印发调度通报{len(m['months'])}期，入库对象累计应报月报{t['entries']}个次，"
        f"按时报送{t['on_time']}个次，逾期报送{t['late']}个次，未报送{t['missing']}个次，"
        f"全年按时报送率{_pct(t['on_time_rate'])}。发展路径节点全年到期{t['due']}个，已完成{t['done']}个，"
        f"截至{t['last_month']}月底逾期未完成{t['overdue']}个。"
    )
    parts = [
        f"{f['label']}完成目标的{_pct(f['completion'])}"
        for f in m["figures"].get("metrics", [])
        if f.get("goal")
    ]
    if parts:
        text += "入库对象" + "，".join(parts) + "。"
    for d in m["figures"].get("district", []):
        if d.get("target") and d.get("actual"):
            text += f"全区{d['indicator']}完成年度目标的{_pct(d['completion'])}。"
    return text


def units(s: dict) -> str:
    rows = [r for r in s["monthly"]["by_town"] if r["on_time_rate"] is not None]
    rows.sort(key=lambda r: (-float(r["on_time_rate"]), r["overdue"]))
    text = ""
    if rows:
        text += "全年月报按时报送率居前的街镇：" + "、".join(r["town"] for r in rows[:3]) + "。"
        if len(rows) > 3:
            text += "居后的街镇：" + "、".join(r["town"] for r in rows[-3:][::-1]) + "。"
    reds = [u["unit"] for u in s["reviews"]["units"] if "red" in u["colours"].values()]
    if s["reviews"]["quarters"]:
        c = s["reviews"]["counts"]
        text += (
            f"季度点评共{len(s['reviews']['quarters'])}次，评价绿{c['green']}个次、黄{c['yellow']}个次、"
            f"红{c['red']}个次。"
        )
    if reds:
        text += "被评为红色的单位：" + "、".join(reds) + "。"
    return text or "本年无分街镇（部门）数据。"


def assessment(s: dict) -> str:
    text = ""
    for run in s["runs"]:
        grades = "，".join(f"{g['grade']}{g['count']}个" for g in run["grades"] if g["grade"])
        text += (
            f"{run['scheme']}考核对象{len(run['results'])}个" + (f"，其中{grades}" if grades else "") + "。"
        )
        if run["top"]:
            text += "位居前列的：" + "、".join(r["unit"] for r in run["top"]) + "。"
    sv = s["supervision"]
    if sv["total"]:
        kinds = "，".join(f"{k}{n}件" for k, n in sv["by_kind"].items())
        text += f"全年督查事项{sv['total']}件（{kinds}），已整改销号{sv['closed']}件，整改中{sv['open']}件。"
    else:
        text += "全年无督查事项。"
    return text


def problems(s: dict) -> str:
    found = []
    t = s["monthly"]["totals"]
    if t["missing"]:
        found.append(f"全年未报送月报{t['missing']}个次，部分入库对象报送不及时")
    if t["overdue"]:
        found.append(f"截至年底仍有发展路径节点逾期未完成{t['overdue']}个")
    if s["supervision"]["open"]:
        found.append(f"督查事项尚有{s['supervision']['open']}件未整改销号")
    if not found:
        return "全年未发现突出问题。"
    return "\n".join(f"（{i}）{text}。" for i, text in enumerate(found, start=1))


def next_year(s: dict) -> str:
    y = s["year"] + 1
    return (
        f"（一）{y}年继续实行一月一调度、一季一点评、一年一考核，各街镇督促入库对象按时报送月报。"
        "\n（二）逾期的发展路径节点逐一明确完成时限，责任部门跟踪落实。"
        "\n（三）督查整改事项限期销号，未整改到位的按规定升级督办。"
    )


def generate(snapshot: dict) -> dict:
    return {
        "overview": overview(snapshot),
        "units": units(snapshot),
        "assessment": assessment(snapshot),
        "problems": problems(snapshot),
        "next_year": next_year(snapshot),
    }


def title(year: int) -> str:
    return f"关于{year}年度产业培育工作情况的总结"
