"""The docking's xlsx exports, in the shape 金融办 sends upward: the green-channel applications
(one row per application) and the per-bank figures (审批用时, 应贷尽贷率, 等待过久)."""

from django.utils import timezone

from core.xlsx import WorkbookWriter

from . import figures
from .models import ApplicationState, RefusalReason

APPLICATION_HEADERS = [
    "序号",
    "银行",
    "企业名称",
    "统一社会信用代码",
    "所在街镇",
    "信贷产品",
    "申请金额（万元）",
    "申请日期",
    "审批日期",
    "放款日期",
    "批准金额（万元）",
    "状态",
    "未批准原因",
    "审批用时（天）",
    "放款用时（天）",
    "计入应贷尽贷",
    "等待过久",
]


def _days(start, end):
    return (end - start).days if start and end else None


def applications_workbook(queryset, *, today, limit) -> tuple[bytes, int]:
    book = WorkbookWriter()
    sheet = book.sheet(
        "绿色通道贷款申请",
        headers=APPLICATION_HEADERS,
        title=f"培育库企业（项目）信贷审批绿色通道贷款申请明细（截至{today:%Y-%m-%d}）",
        text_columns=(4,),
        footer=True,
    )
    states = {value: str(label) for value, label in ApplicationState.choices}
    reasons = {value: str(label) for value, label in RefusalReason.choices}
    for i, a in enumerate(queryset.iterator(chunk_size=2000), start=1):
        row = figures.Row(a.bank_id, a.state, a.qualifying, a.applied_on, a.approved_on, a.disbursed_on)
        sheet.append(
            [
                i,
                a.bank.name,
                a.enterprise.name,
                a.enterprise.uscc,
                a.enterprise.town.name,
                a.product,
                a.amount_applied,
                a.applied_on,
                a.approved_on,
                a.disbursed_on,
                a.amount_granted,
                states.get(a.state, a.state),
                reasons.get(a.refusal_reason, ""),
                _days(a.applied_on, a.approved_on),
                _days(a.approved_on, a.disbursed_on),
                "是" if a.qualifying else "否",
                "是" if figures.waits_too_long(row, today=today, limit=limit) else "",
            ]
        )
    return book.save(), sheet.rows


FIGURE_HEADERS = [
    "银行",
    "申请笔数",
    "审批中",
    "已批准",
    "其中已放款",
    "未获批准",
    "批准金额（万元）",
    "审批用时中位数（天）",
    "放款用时中位数（天）",
    "计入应贷尽贷笔数（已办结）",
    "其中批准笔数",
    "应贷尽贷率（%）",
    "等待过久笔数",
]


def _line(name, f: figures.BankFigures) -> list:
    return [
        name,
        f.applications,
        f.applied,
        f.granted,
        f.disbursed,
        f.refused,
        f.amount_granted,
        f.median_approve_days if f.median_approve_days is not None else "—",
        f.median_disburse_days if f.median_disburse_days is not None else "—",
        f.qualifying_decided,
        f.qualifying_granted,
        f.rate if f.rate is not None else "—",
        f.waiting_too_long,
    ]


def figures_workbook(lines, total, *, year, today, limit) -> bytes:
    book = WorkbookWriter()
    scope = f"{year}年" if year else "全部年度"
    sheet = book.sheet(
        "各银行审批情况",
        headers=FIGURE_HEADERS,
        title=f"各银行业金融机构培育库企业信贷审批情况（{scope}，截至{timezone.localdate():%Y-%m-%d}）",
        footer=True,
    )
    for bank, f in lines:
        sheet.append(_line(bank.name, f))
    if len(lines) > 1:
        sheet.append(_line("合计", total))
    sheet.note("")
    sheet.note(
        "应贷尽贷率＝计入应贷尽贷的申请中获批准的笔数÷计入应贷尽贷且已办结（批准或未获批准）的笔数；无已办结申请时为“—”。"
    )
    sheet.note("计入应贷尽贷：培育库企业（项目）申请时不在诚信黑名单上的申请。")
    sheet.note(
        f"等待过久：申请后超过{limit}天仍未审批，或审批后超过{limit}天仍未放款（截至{today:%Y-%m-%d}）。"
    )
    return book.save()
