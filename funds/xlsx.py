"""Workbooks of the funds in the shape the agency reports upward: the loan list and the ledger."""

from django.utils import timezone

from core.xlsx import WorkbookWriter

from .chart import entry_kind_label
from .models import AGE_LABELS

LOAN_COLUMNS = [
    "编号",
    "企业",
    "统一社会信用代码",
    "街镇",
    "银行",
    "培育库",
    "状态",
    "申请金额（元）",
    "批准金额（元）",
    "到期贷款金额（元）",
    "贷款到期日",
    "续贷承诺金额（元）",
    "拨付日期",
    "应还日期",
    "归还日期",
    "逾期天数",
    "逾期账龄",
    "资金使用费（元）",
    "已计罚息（元）",
]


def bridge_workbook(loans) -> bytes:
    book = WorkbookWriter()
    sheet = book.sheet(
        "过桥还贷",
        headers=LOAN_COLUMNS,
        title=f"过桥还贷台账（{timezone.localdate():%Y-%m-%d}）",
        text_columns=(3,),
        footer=True,
    )
    for loan in loans.iterator(chunk_size=2000):
        sheet.append(
            [
                loan.pk,
                loan.enterprise.name,
                loan.enterprise.uscc,
                loan.town.name,
                loan.bank.name,
                loan.pool_entry.pool.name if loan.pool_entry_id else "",
                loan.get_state_display(),
                loan.amount,
                loan.approved_amount,
                loan.loan_amount,
                loan.loan_due_on,
                loan.renewal_amount,
                loan.disbursed_on,
                loan.due_on,
                loan.repaid_on,
                loan.overdue_days or None,
                str(AGE_LABELS.get(loan.overdue_age, "")),
                loan.fee,
                loan.penalty_accrued,
            ]
        )
    return book.save()


def ledger_workbook(sub_fund, entries) -> bytes:
    book = WorkbookWriter()
    sheet = book.sheet(
        "明细账",
        headers=[
            "凭证号",
            "记账日期",
            "业务类型",
            "摘要",
            "科目代码",
            "科目名称",
            "借方（元）",
            "贷方（元）",
            "经办人",
            "冲销凭证",
        ],
        title=f"{sub_fund.name}明细账",
        footer=True,
    )
    for entry in entries:
        for line in entry.lines.all():
            sheet.append(
                [
                    entry.pk,
                    entry.date,
                    entry_kind_label(entry.kind),
                    entry.memo,
                    line.account.code,
                    line.account.name,
                    line.debit or None,
                    line.credit or None,
                    str(entry.caused_by) if entry.caused_by_id else "系统",
                    entry.reverses_id,
                ]
            )
    return book.save()
