"""Export rows: what was exported (EXPORTS) and the page's filters read in words (registered by the apps)."""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

# What an export is of (`what` in export.list), by code.
EXPORTS = {
    "bridge_loans": gettext_lazy("过桥还贷列表"),
    "guarantees": gettext_lazy("融资担保列表"),
    "guidance": gettext_lazy("引导基金投资列表"),
    "docking_applications": gettext_lazy("绿色通道申请列表"),
    "docking_banks": gettext_lazy("各银行对接情况"),
    "enterprises": gettext_lazy("企业名单"),
    "credit_ratings": gettext_lazy("信用评级列表"),
    "late_reports": gettext_lazy("逾期未报名单"),
    "reporting_figures": gettext_lazy("企业报送数据"),
    "nominations": gettext_lazy("申报列表"),
    "review_queue": gettext_lazy("待审核列表"),
    "audit_log_csv": gettext_lazy("审计日志（CSV）"),
    "audit_log_xlsx": gettext_lazy("审计日志（xlsx）"),
}

# An export's filters, by the query key the list pages share, read in words at write time: the
# label, and the value by its name (an id of a registered model, a registered choice) or as typed.
# A key not here stays key=value.
FILTER_LABELS = {
    "q": gettext_lazy("名称或信用代码"),
    "search": gettext_lazy("名称或信用代码"),
    "year": gettext_lazy("年度"),
    "month": gettext_lazy("月份"),
    "town": gettext_lazy("街镇"),
    "pool": gettext_lazy("培育库"),
    "department": gettext_lazy("部门"),
    "bank": gettext_lazy("银行"),
    "industry": gettext_lazy("行业"),
    "leading_industry": gettext_lazy("主导产业"),
    "park": gettext_lazy("小镇（园区）"),
    "path": gettext_lazy("发展路径"),
    "state": gettext_lazy("状态"),
    "status": gettext_lazy("状态"),
    "as_of": gettext_lazy("截至日期"),
    "grade": gettext_lazy("等级"),
    "blacklisted": gettext_lazy("黑名单"),
    "changed": gettext_lazy("近一月等级变化"),
    "scale": gettext_lazy("规模"),
    "age": gettext_lazy("逾期账龄"),
    "waiting": gettext_lazy("只看等待过久"),
    "in_pool": gettext_lazy("在库"),
    "eligible": gettext_lazy("认定标准"),
    "sort": gettext_lazy("排序"),
    "actor": gettext_lazy("操作账号"),
    "action": gettext_lazy("操作"),
    "content_type": gettext_lazy("对象类型"),
    "date_from": gettext_lazy("起始日期"),
    "date_to": gettext_lazy("截止日期"),
}
FILTER_MODELS: dict[str, tuple] = {}  # key -> (model whose ids it carries, its name, is that a msgid)
FILTER_CHOICES: dict[tuple[str, str], dict] = {}  # (export code, key) -> {value: label}
MAX_ID = 2**31 - 1  # an id beyond any table's shows as typed


def register_filter(
    key: str, *, model=None, name=str, choices=None, exports=(), translated: bool = False
) -> None:
    """An app names what its filters' values are: `model` for a key carrying ids (shown by
    `name(obj)`; `translated` when that name is a msgid), `choices` for the given exports' key."""
    if model is not None:
        FILTER_MODELS[key] = (model, name, translated)
    for export in exports:
        FILTER_CHOICES.setdefault((export, key), {}).update(dict(choices or ()))


def _filter_names(key: str, values: list[str]) -> dict[str, str]:
    """{typed id: name} of the ids among `values` that exist (one query per key; bad ids skipped)."""
    model, name, _translated = FILTER_MODELS[key]
    ids = set()
    for value in values:
        try:
            pk = model._meta.pk.to_python(value)
        except (ValidationError, TypeError, ValueError):
            continue
        if not isinstance(pk, int) or 0 < pk <= MAX_ID:
            ids.add(pk)
    if not ids:
        return {}
    return {str(obj.pk): str(name(obj)) for obj in model._default_manager.filter(pk__in=ids)}


def _filter_items(what: str, pairs: list[tuple[str, str]]) -> list:
    """The stored filters: [label, value] (value a name or as typed), [label, value, 1] when the
    value is a msgid, or "key=value" for a key we cannot name. Labels are stored in Chinese."""
    with translation.override("zh-hans"):
        names = {
            key: _filter_names(key, [v for k, v in pairs if k == key])
            for key in {k for k, _v in pairs} & FILTER_MODELS.keys()
        }
        items: list = []
        for key, value in pairs:
            label = FILTER_LABELS.get(key)
            if label is None:
                items.append(f"{key}={value}")
            elif value in names.get(key, {}):
                items.append([str(label), names[key][value], *([1] if FILTER_MODELS[key][2] else [])])
            elif value in FILTER_CHOICES.get((what, key), {}):
                items.append([str(label), str(FILTER_CHOICES[(what, key)][value]), 1])
            else:
                items.append([str(label), value])
    return items


def _filters_text(items: list) -> str:
    parts = []
    for item in items:
        if isinstance(item, list) and len(item) >= 2 and item[0] and item[1]:
            value = _(str(item[1])) if len(item) > 2 and item[2] else str(item[1])
            parts.append(f"{_(str(item[0]))} {value}")
        else:
            parts.append(str(item))
    sep = "；" if (get_language() or "zh-hans").startswith("zh") else "; "
    return sep.join(parts)


def export_event(what: str, *, rows: int | None = None, query=None) -> dict:
    """record() arguments of an export row: what was exported (a code of EXPORTS), how many rows, and
    the page's filters (its query string without the page number), read in words once, here: rows
    written before kept the raw query string and still show it."""
    if what not in EXPORTS:
        raise ValueError(f"export {what!r} has no name in core.audit_messages.EXPORTS")
    filters: list = []
    if query is not None:
        pairs = [(k, v) for k, values in query.lists() if k != "page" for v in values if v not in ("", None)]
        filters = _filter_items(what, pairs)
    params: dict = {"what": what}
    if rows is not None:
        params["rows"] = rows
    if filters:
        params["filters"] = filters
    event = "export.list" + ("_rows" if rows is not None else "") + ("_filtered" if filters else "")
    return {"event": event, "params": params}
