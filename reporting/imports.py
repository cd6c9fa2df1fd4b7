"""Official statistics files (统计数据导入): the xlsx template, reading, and row-level validation.

One row = one enterprise (by 统一社会信用代码) for one period (年度, 月份; 月份 blank or 0 = the whole
year). Each figure has a column for the period's value and, for months, one for the year-to-date.
A department fills only the columns granted to it (FigureGrant); any bad row and nothing is written.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

import tablib
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.xlsx import WorkbookWriter, excel_row, read_xlsx
from enterprises.models import Enterprise
from enterprises.uscc import normalize, validate_uscc

from .figures import ANNUAL, FIGURE_CODES, NOT_CUMULATIVE, label_of, parse_amount, period_label, unit_of

USCC, NAME, YEAR, MONTH = "统一社会信用代码", "企业名称", "年度", "月份"
YTD_SUFFIX = "本年累计"


def value_header(code: str) -> str:
    return f"{label_of(code)}（{unit_of(code)}）"


def ytd_header(code: str) -> str:
    return f"{label_of(code)}{YTD_SUFFIX}（{unit_of(code)}）"


def _normalise_header(text) -> str:
    return re.sub(r"[\s（）()]|万元|人$", "", str(text or ""))


def _column_map() -> dict[str, tuple[str, str]]:
    """normalised header → (figure code, "value" | "ytd")."""
    out = {}
    for code in FIGURE_CODES:
        out[_normalise_header(value_header(code))] = (code, "value")
        out[_normalise_header(label_of(code))] = (code, "value")
        if code not in NOT_CUMULATIVE:
            out[_normalise_header(ytd_header(code))] = (code, "ytd")
    return out


def headers_for(codes) -> list[str]:
    headers = [USCC, NAME, YEAR, MONTH]
    for code in codes:
        headers.append(value_header(code))
        if code not in NOT_CUMULATIVE:
            headers.append(ytd_header(code))
    return headers


@dataclass
class ParsedRow:
    number: int  # Excel row
    enterprise_id: int
    year: int
    month: int
    figures: dict[str, tuple[Decimal | None, Decimal | None]]


@dataclass
class ParsedImport:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)


def _int(value, *, name: str) -> int:
    text = str(value if value is not None else "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        raise ValueError(_("%(name)s“%(value)s”应为整数。") % {"name": name, "value": value})
    return int(text)


def _month(value) -> int:
    text = str(value if value is not None else "").strip()
    if text in ("", "0", "全年", "年报", "0.0"):
        return ANNUAL
    month = _int(text.removesuffix("月"), name=MONTH)
    if not 1 <= month <= 12:
        raise ValueError(_("月份应为1—12，全年数据留空或填0。"))
    return month


def parse_statistics(dataset: tablib.Dataset, *, granted: list[str], today=None) -> ParsedImport:
    today = today or timezone.localdate()
    result = ParsedImport()
    headers = list(dataset.headers or [])
    mapping = _column_map()
    columns: dict[int, tuple[str, str]] = {}
    index = {}
    for i, header in enumerate(headers):
        text = str(header or "").strip()
        if text in (USCC, NAME, YEAR, MONTH):
            index[text] = i
            continue
        found = mapping.get(_normalise_header(text))
        if found:
            columns[i] = found
    missing = [h for h in (USCC, YEAR) if h not in index]
    if missing:
        result.errors.append(
            {"row": 1, "messages": [_("缺少列：%(cols)s。请使用下载的模板。") % {"cols": "、".join(missing)}]}
        )
        return result
    if not columns:
        result.errors.append({"row": 1, "messages": [_("没有可识别的指标列。请使用下载的模板。")]})
        return result
    used = sorted({code for code, _part in columns.values()}, key=FIGURE_CODES.index)
    result.columns = used

    raw_rows = list(dataset)
    codes = set()
    for row in raw_rows:
        code = normalize(str(row[index[USCC]] or ""))
        if code:
            codes.add(code)
    enterprise_ids = {}
    code_list = list(codes)
    for start in range(0, len(code_list), 2000):
        enterprise_ids.update(
            Enterprise.objects.filter(uscc__in=code_list[start : start + 2000]).values_list("uscc", "pk")
        )

    not_granted: dict[str, int] = {}
    seen: dict[tuple[str, int, int], int] = {}
    periods = set()
    for offset, row in enumerate(raw_rows):
        number = excel_row(dataset, offset)  # the row the user sees in Excel
        messages = []
        uscc = normalize(str(row[index[USCC]] or ""))
        enterprise_id = enterprise_ids.get(uscc)  # a registered code is a valid one
        if enterprise_id is None:
            try:
                validate_uscc(uscc)
            except ValidationError as exc:  # its message names the problem and the column
                messages.extend(exc.messages)
            else:
                messages.append(_("统一社会信用代码 %(code)s 未在企业名录中登记。") % {"code": uscc})
        year = month = None
        try:
            year = _int(row[index[YEAR]], name=YEAR)
            if not 2000 <= year <= today.year:
                messages.append(_("年度应在2000—%(y)s之间。") % {"y": today.year})
                year = None
        except ValueError as exc:
            messages.append(str(exc))
        try:
            month = _month(row[index[MONTH]]) if MONTH in index else ANNUAL
        except ValueError as exc:
            messages.append(str(exc))
        if year is not None and month == ANNUAL and year >= today.year:
            messages.append(_("全年数据只能导入已结束的年度。"))
        elif year is not None and month and (year, month) > (today.year, today.month):
            messages.append(_("%(period)s尚未开始。") % {"period": period_label(year, month)})
        if year is not None and month is not None and uscc:
            key = (uscc, year, month)
            if key in seen:
                messages.append(_("与第 %(row)d 行的企业和期别重复。") % {"row": seen[key]})
            else:
                seen[key] = number
        figures: dict[str, list] = {}
        for i, (code, part) in columns.items():
            raw = row[i] if i < len(row) else None
            try:
                amount = parse_amount(raw, code=code)
            except ValueError as exc:
                header = ytd_header(code) if part == "ytd" else value_header(code)
                messages.append(f"{header}：{exc}")
                continue
            if amount is None:
                continue
            if code not in granted:
                not_granted.setdefault(code, number)
                continue
            figures.setdefault(code, [None, None])[0 if part == "value" else 1] = amount
        for code, (value, ytd) in figures.items():
            if month == ANNUAL and ytd is not None:
                messages.append(
                    _("%(label)s：全年数据不填“本年累计”，请填在全年值一列。") % {"label": label_of(code)}
                )
            if month not in (None, ANNUAL) and code not in NOT_CUMULATIVE and ytd is None:
                messages.append(_("%(label)s：月度数据须填写本年累计。") % {"label": label_of(code)})
            if value is not None and ytd is not None and ytd < value:
                messages.append(_("%(label)s：本年累计不能小于当月值。") % {"label": label_of(code)})
        if not figures and not messages and not not_granted:
            messages.append(_("该行没有任何数据。"))
        if messages:
            result.errors.append({"row": number, "messages": messages})
            continue
        if year is not None and month is not None and enterprise_id is not None and figures:
            periods.add((year, month))
            result.rows.append(
                ParsedRow(
                    number=number,
                    enterprise_id=enterprise_id,
                    year=year,
                    month=month,
                    figures={c: (v[0], v[1]) for c, v in figures.items()},
                )
            )
    if not_granted:
        labels = "、".join(label_of(c) for c in sorted(not_granted, key=FIGURE_CODES.index))
        allowed = "、".join(label_of(c) for c in granted)
        result.errors.insert(
            0,
            {
                "row": min(not_granted.values()),
                "messages": [
                    _(
                        "本部门不能导入以下指标：%(cols)s（本部门可导入：%(allowed)s）。请删除这些列的数据后重试。"
                    )
                    % {"cols": labels, "allowed": allowed}
                ],
            },
        )
    result.errors.sort(key=lambda e: e["row"])
    result.periods = [period_label(y, m) for y, m in sorted(periods)][:24]
    return result


def load_dataset(upload, *, max_rows: int | None = None):
    """The statistics sheet; its columns are checked against the department's grants afterwards."""
    return read_xlsx(upload, max_rows=max_rows)


def statistics_template(granted: list[str]) -> bytes:
    headers = headers_for(granted)
    book = WorkbookWriter()
    book.sheet("统计数据", headers=headers, widths=[20] * len(headers), text_columns=(1,))  # codes stay text
    notes = book.sheet("填写说明", widths=[100])
    for line in [
        "每行为一家企业一个期别的数据，按统一社会信用代码匹配企业名录中的企业；企业名称仅供核对。",
        "月份：月度数据填1—12；全年数据（年报）留空或填0。",
        "金额单位万元，最多两位小数，不能为负数；从业人员为整数（人）。",
        "月度数据须同时填写当月值和本年累计；全年数据只填全年值。",
        "留空的单元格不导入（不会清除已有数据）；已导入的同一企业同一期别数据将被覆盖。",
        "本部门只能填写本部门负责的指标列；任何一行有误则整个文件不导入，系统会列出每一行的问题。",
        "统计数据为权威数据：与企业自报数据同时存在时以统计数据为准，差异将提示街镇。",
    ]:
        notes.note(line)
    return book.save()
