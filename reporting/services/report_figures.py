"""The figures a monthly report carries: cleaned from the form or API, 累计 derived from the month
before, checked before submission and applied as the enterprise's own figures on confirmation."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..figures import FIGURE_CODES, NOT_CUMULATIVE, label_of, parse_amount
from ..models import Figure, FigureSource, Report
from ..selectors import previous_month_ytd
from .common import figures_upsert


def clean_report_figures(raw: dict | None) -> dict:
    """{metric: {"value": x, "ytd": y}} → the same with normalised decimal strings; format errors
    (negative, more than two decimals, not a number) raise ValidationError naming the figure."""
    clean, errors = {}, []
    for code, parts in (raw or {}).items():
        if code not in FIGURE_CODES:
            errors.append(_("未知指标“%(code)s”。") % {"code": code})
            continue
        if not isinstance(parts, dict):
            errors.append(_('%(label)s：格式应为 {"value": …, "ytd": …}。') % {"label": label_of(code)})
            continue
        entry = {}
        for part in ("value", "ytd"):
            if part == "ytd" and code in NOT_CUMULATIVE:
                continue
            try:
                amount = parse_amount(parts.get(part), code=code)
            except ValueError as exc:
                name = _("本年累计") if part == "ytd" else _("当月")
                errors.append(f"{label_of(code)}（{name}）：{exc}")
                continue
            if amount is not None:
                entry[part] = str(amount)
        if entry:
            clean[code] = entry
    if errors:
        raise ValidationError({"figures": errors})
    return clean


def _derive_ytd(report: Report, figures: dict) -> dict:
    """本年累计 left blank is derived where it can be: January's equals the month; later months add the
    month to last month's year-to-date (its figures, or its submitted report)."""
    previous = None
    for code, entry in figures.items():
        if code in NOT_CUMULATIVE or "ytd" in entry or "value" not in entry:
            continue
        if report.month == 1:
            entry["ytd"] = entry["value"]
            continue
        if previous is None:
            previous = previous_month_ytd(report.enterprise_id, report.year, report.month)
        before = previous.get(code, (None, ""))[0]
        if before is not None:
            entry["ytd"] = str(before + Decimal(entry["value"]))
    return figures


def _check_report_figures(report: Report) -> None:
    """Complete, consistent, and year-to-date never below the month before unless a reason is given."""
    errors = []
    previous = previous_month_ytd(report.enterprise_id, report.year, report.month)
    below = []
    for code in FIGURE_CODES:
        value, ytd = report.figure(code, "value"), report.figure(code, "ytd")
        label = label_of(code)
        if value is None:
            errors.append(_("请填写%(label)s（当月）。") % {"label": label})
        if code in NOT_CUMULATIVE:
            continue
        if ytd is None:
            errors.append(_("请填写%(label)s（本年累计）。") % {"label": label})
            continue
        if value is not None and ytd < value:
            errors.append(
                _("%(label)s：本年累计（%(ytd)s）不能小于当月值（%(value)s）。")
                % {"label": label, "ytd": ytd, "value": value}
            )
        if report.month == 1 and value is not None and ytd != value:
            errors.append(_("%(label)s：1月的本年累计应等于当月值。") % {"label": label})
        prev = previous.get(code)
        if prev is not None and ytd < prev[0]:
            below.append(
                _("%(label)s本年累计 %(ytd)s 低于上月的 %(prev)s")
                % {"label": label, "ytd": ytd, "prev": prev[0]}
            )
    if below and not report.ytd_reason.strip():
        errors.append(
            _("%(items)s。如上月数据有误，请在“累计值低于上月的原因”中说明。") % {"items": "；".join(below)}
        )
    if errors:
        raise ValidationError({"figures": errors})


def _apply_self_figures(report: Report) -> int:
    """The confirmed report becomes the enterprise's self-reported figures of the month."""
    present = [
        code
        for code in FIGURE_CODES
        if report.figure(code, "value") is not None or report.figure(code, "ytd") is not None
    ]
    Figure.objects.filter(
        enterprise_id=report.enterprise_id, year=report.year, month=report.month, source=FigureSource.SELF
    ).exclude(metric__in=present).delete()
    rows = [
        Figure(
            enterprise_id=report.enterprise_id,
            year=report.year,
            month=report.month,
            metric=code,
            source=FigureSource.SELF,
            value=report.figure(code, "value"),
            ytd=None if code in NOT_CUMULATIVE else report.figure(code, "ytd"),
            report=report,
        )
        for code in present
    ]
    figures_upsert(rows)
    return len(rows)
