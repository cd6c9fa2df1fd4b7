"""The late-reports list as an xlsx: who owes what since when, and the last 催报."""

from django.utils.translation import gettext as _

from core.xlsx import WorkbookWriter
from core.xlsx_layout import CODE, COUNT, DATE, DATETIME, INT, Column


def late_workbook(rows, *, today) -> bytes:
    book = WorkbookWriter()
    ws = book.sheet(
        _("逾期情况"),
        title=_("月报逾期情况（截至 %(d)s）") % {"d": f"{today:%Y-%m-%d}"},
        footer=True,
        columns=[
            Column(_("序号"), INT, width=6),
            Column(_("街镇"), width=12),
            Column(_("企业名称"), width=36),
            Column(_("统一社会信用代码"), CODE, width=22),
            Column(_("逾期未报"), COUNT, width=10, total=True),
            Column(_("未报期别"), width=40),
            Column(_("逾期报送"), COUNT, width=10, total=True),
            Column(_("最早截止"), DATE, width=12),
            Column(_("最近催报"), DATETIME, width=17),
        ],
    )
    for i, row in enumerate(rows, start=1):
        ws.append(
            [
                i,
                row["enterprise__town__name"],
                row["enterprise__name"],
                row["enterprise__uscc"],
                row["missing"],
                row["periods"],
                row["late"],
                row["oldest"],
                row["reminded"],
            ]
        )
    return book.save()
