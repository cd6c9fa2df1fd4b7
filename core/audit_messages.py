"""What an audit row says, as a sentence: every writer names an event code and its params
(`audit.record(..., event="window.close", params={"name": ...})`), never free text; the row stores
them as compact JSON in `message` (a sealed field, so no schema change and the chain is unchanged);
the audit page, the CSV and the xlsx export render them here, in Chinese or English.

Rows written before the codes (append-only, never rewritten) keep their free text: `LEGACY` and
`LEGACY_PATTERNS` read the strings the old writers left, and anything else shows as a neutral
label (the stored text stays in the exports' 说明原文 column).

Adding an event: a code here with its Chinese sentence (the msgid; `{name}` placeholders), the
English in both catalogues. tests/core/test_audit_messages.py collects every `event=` written in
the code and fails on one without a sentence."""

import json
import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

MAX_CHARS = 500  # AuditLog.message
MAX_LIST = 20  # row numbers and the like kept per list; the count says the rest
MAX_TEXT = 120  # a typed comment or reason kept per param

# fmt: off
EVENTS = {
    # sign-in, accounts, tokens
    "account.login_failed": gettext_lazy("登录失败：账号「{username}」"),
    "account.unlocked": gettext_lazy("解除锁定：账号「{username}」，IP {ip}"),
    "account.password_changed": gettext_lazy("修改本人密码"),
    "account.password_set": gettext_lazy("管理员重设密码"),
    "account.otp_enrolled": gettext_lazy("启用两步验证"),
    "account.otp_reset": gettext_lazy("重置两步验证"),
    "account.otp_passed": gettext_lazy("两步验证通过"),
    "account.otp_refused": gettext_lazy("两步验证码错误，已拒绝"),
    "account.invited": gettext_lazy("向企业发出账号邀请"),
    "account.reinvited": gettext_lazy("向企业重新发出账号邀请"),
    "account.invitation_accepted": gettext_lazy("企业接受邀请并设置密码"),
    "token.issued": gettext_lazy("签发 API 令牌"),
    "token.revoked": gettext_lazy("注销本人的 API 令牌"),
    "token.revoked_all": gettext_lazy("注销该账号的全部 API 令牌（{reason}）"),
    # the trail itself, access
    "audit.archived": gettext_lazy("归档 {before} 之前的审计记录 {rows} 条"),
    "access.denied": gettext_lazy("拒绝访问：{method} {path}（{status}）"),
    "access.download": gettext_lazy("下载文件「{file}」"),
    "access.read": gettext_lazy("通过接口批量读取：{path}（{count} 条）"),
    "admin.save": gettext_lazy("在后台管理中保存"),
    "admin.delete": gettext_lazy("在后台管理中删除"),
    "workflow.move": gettext_lazy("{action}"),
    "workflow.move_comment": gettext_lazy("{action}；意见：{comment}"),
    # exports (filters as the page's query string)
    "export.list": gettext_lazy("导出{what}"),
    "export.list_rows": gettext_lazy("导出{what}，共 {rows} 条"),
    "export.list_filtered": gettext_lazy("导出{what}；筛选条件：{filters}"),  # filters: FILTER_LABELS
    "export.list_rows_filtered": gettext_lazy("导出{what}，共 {rows} 条；筛选条件：{filters}"),
    "export.pool": gettext_lazy("导出{year}年入库名单"),
    "export.credit_rewards": gettext_lazy("导出{year}年授信奖励名单"),
    "export.cockpit": gettext_lazy("导出{year}年{month}月驾驶舱数据"),
    "export.ledger": gettext_lazy("导出子基金分类账"),
    "download.commitment_letter": gettext_lazy("下载银行续贷承诺函"),
    # policy data
    "programme.loaded": gettext_lazy("载入政策文件「{file}」"),
    "programme.replaced": gettext_lazy("以新文件替换尚未使用的规划"),
    "programme.made_current": gettext_lazy("设为当前规划"),
    "scheme.loaded": gettext_lazy("载入考核方案文件「{file}」"),
    "funds.loaded": gettext_lazy("载入基金文件「{file}」"),
    "funds.params": gettext_lazy("修改基金规则参数"),
    "funds.paused": gettext_lazy("暂停子基金业务"),
    "funds.resumed": gettext_lazy("恢复子基金业务"),
    "ledger.entry": gettext_lazy("记账：{memo}"),
    # pools
    "window.close": gettext_lazy("关闭申报窗口「{year}年{pool}，{opens}至{closes}」"),
    "bulk.uploaded": gettext_lazy("上传批量申报表「{file}」（{year}年，{pool}）"),
    "bulk.stale": gettext_lazy("批量申报处理超时，已标记为失败"),
    # reporting
    "import.succeeded": gettext_lazy("导入统计数据「{file}」"),
    "import.failed": gettext_lazy("导入失败：第{rows}行有误，未写入任何数据（{file}）"),
    "reporting.daily": gettext_lazy("每日报送任务：新建应报 {created} 项，提醒 {reminded} 项，标记逾期 {late} 项"),
    "reminder.sent": gettext_lazy("催报：提醒逾期企业的 {accounts} 个账号"),
    # credit
    "rating.run": gettext_lazy("信用评级（{trigger}）：评定 {count} 家企业"),
    "rating.requested": gettext_lazy("申请对全部企业重新评级"),
    "rating.enterprise": gettext_lazy("信用评级（{trigger}）"),
    "scoring.published": gettext_lazy("发布评分模型：{notes}"),
    "blacklist.added": gettext_lazy("列入黑名单"),
    "blacklist.removed": gettext_lazy("移出黑名单"),
    "record.withdrawn": gettext_lazy("撤销信用记录：{reason}"),
    "appeal.filed": gettext_lazy("提出信用异议"),
    "appeal.decided": gettext_lazy("处理信用异议：{decision}"),
    "appeal.upheld": gettext_lazy("维持原信用记录"),
    # docking, demo
    "specialist.replaced": gettext_lazy("更换信贷专员"),
    "demo.seeded": gettext_lazy("生成演示数据（规模 {scale}）"),
}
# fmt: on

# What the old writers left as free text, read into the same events (rows are never rewritten).
LEGACY = {
    "close": ("window.close_legacy", {}),
    "pause": ("funds.paused", {}),
    "resume": ("funds.resumed", {}),
    "params": ("funds.params", {}),
    "replace": ("programme.replaced", {}),
    "programme made current": ("programme.made_current", {}),
    "admin": ("admin.save", {}),
    "api token": ("token.issued", {}),
    "api token revoked": ("token.revoked", {}),
    "password set by administrator": ("account.password_set", {}),
    "password_change": ("account.password_changed", {}),
    "two-factor enrolled": ("account.otp_enrolled", {}),
    "two-factor reset": ("account.otp_reset", {}),
    "two-factor code": ("account.otp_passed", {}),
    "two-factor code refused": ("account.otp_refused", {}),
    "enterprise account invitation": ("account.invited", {}),
    "enterprise account re-invitation": ("account.reinvited", {}),
    "invitation accepted": ("account.invitation_accepted", {}),
    "blacklist add": ("blacklist.added", {}),
    "blacklist remove": ("blacklist.removed", {}),
    "appeal": ("appeal.filed", {}),
    "appeal upheld": ("appeal.upheld", {}),
    "credit rating run requested (all)": ("rating.requested", {}),
    "specialist replaced": ("specialist.replaced", {}),
    "commitment letter": ("download.commitment_letter", {}),
    "ledger": ("export.ledger", {}),
    "bridge loans": ("export.list", {"what": "bridge_loans"}),
    "stale bulk job failed": ("bulk.stale", {}),
}
LEGACY_PATTERNS = [
    (re.compile(r"failed: (?P<count>\d+) rows with errors, (?P<file>.*)"), "import.failed_count"),
    (re.compile(r"(?P<status>[1-5]\d\d) (?P<method>[A-Z]+) (?P<path>/\S*)"), "access.denied"),
    (re.compile(r"GET (?P<path>/api/\S*)"), "access.read_legacy"),
    (re.compile(r"(?P<method>GET|POST) (?P<path>/\S*) (?P<file>\S+)"), "access.download"),
    (re.compile(r"late reminder \d+: (?P<accounts>\d+) accounts"), "reminder.sent"),
    (re.compile(r"late reports: (?P<rows>\d+) rows ?(?P<filters>.*)"), "export.late_reports"),
    (re.compile(r"enterprises: (?P<rows>\d+) rows ?(?P<filters>.*)"), "export.enterprises"),
    (re.compile(r"audit_log(?: xlsx)? ?(?P<filters>.*)"), "export.audit_log_legacy"),
    (
        re.compile(r"(?:nominations|review queue): (?P<rows>\d+) rows ?(?P<filters>.*)"),
        "export.nominations_legacy",
    ),
    (re.compile(r"(?:guarantees|guidance)\.xlsx: (?P<rows>\d+)"), "export.funds_legacy"),
    (
        re.compile(r"docking (?:applications: (?P<rows>\d+) rows|bank figures: (?P<banks>\d+) banks)"),
        "export.docking_legacy",
    ),
    (re.compile(r"credit ratings ?(?P<filters>.*)"), "export.ratings_legacy"),
    (re.compile(r"credit rewards (?P<year>\d{4})"), "export.credit_rewards"),
    (re.compile(r"cockpit (?P<year>\d{4})-(?P<month>\d{1,2})"), "export.cockpit"),
    (re.compile(r"pool (?P<year>\d{4}) (?P<pool>\S+)"), "export.pool"),
    (re.compile(r"reporting export: (?P<rows>\d+) enterprises ?(?P<filters>.*)"), "export.figures_legacy"),
    (re.compile(r"audit_archive before (?P<before>\S+): (?P<rows>\d+) rows, head \w+"), "audit.archived"),
    (re.compile(r"withdraw: (?P<reason>.*)"), "record.withdrawn"),
    (re.compile(r"appeal (?P<decision>\w+)"), "appeal.decided"),
    (re.compile(r"api tokens revoked: (?P<reason>.*)"), "token.revoked_all"),
    (re.compile(r"credit rating run \((?P<trigger>.*)\): (?P<count>\d+) enterprises"), "rating.run"),
    (re.compile(r"credit rating \((?P<trigger>.*)\)"), "rating.enterprise"),
    (re.compile(r"reporting_daily .*"), "reporting.daily_legacy"),
    (re.compile(r"seed_demo scale=(?P<scale>\d+).*"), "demo.seeded"),
    (re.compile(r"load (?P<file>\S+\.ya?ml)"), "scheme.loaded"),
    (re.compile(r"(?P<file>\S+-funds\.ya?ml)"), "funds.loaded"),
    (re.compile(r"(?P<file>\S+\.ya?ml)"), "programme.loaded"),
    (re.compile(r"(?P<action>[a-z_]+): (?P<comment>.*)", re.S), "workflow.move_legacy"),
]
# Legacy shapes whose sentence differs from the new events' (what the old text did not keep).
LEGACY_EVENTS = {
    "window.close_legacy": gettext_lazy("提前关闭申报窗口"),
    "import.failed_count": gettext_lazy("导入失败：{count} 行有误，未写入任何数据（{file}）"),
    "access.read_legacy": gettext_lazy("通过接口批量读取：{path}"),
    "export.late_reports": gettext_lazy("导出逾期未报名单，共 {rows} 条"),
    "export.enterprises": gettext_lazy("导出企业名单，共 {rows} 条"),
    "export.audit_log_legacy": gettext_lazy("导出审计日志"),
    "reporting.daily_legacy": gettext_lazy("每日报送任务：应报、提醒与逾期"),
    "export.nominations_legacy": gettext_lazy("导出申报列表，共 {rows} 条"),
    "export.funds_legacy": gettext_lazy("导出基金业务列表，共 {rows} 条"),
    "export.docking_legacy": gettext_lazy("导出银企对接数据"),
    "export.ratings_legacy": gettext_lazy("导出信用评级列表"),
    "export.figures_legacy": gettext_lazy("导出企业报送数据，共 {rows} 家企业"),
}
UNKNOWN = gettext_lazy("系统记录（无中文说明，原文见导出）")

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
# Why all of an account's tokens were revoked (token.revoked_all), by code.
REVOKE_REASONS = {
    "account deactivated": gettext_lazy("账号已停用"),
    "security administrator": gettext_lazy("安全管理员操作"),
    "password changed": gettext_lazy("密码已修改"),
}
# Params whose values are an app's choices (a rating's trigger, an appeal's decision): the app
# registers its choices, and the value shows by its name in the active language.
LABELS: dict[str, dict] = {}


def register_labels(param: str, choices) -> None:
    LABELS.setdefault(param, {}).update(dict(choices))


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


def _fit(value):
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"
    if isinstance(value, list | tuple):
        kept = [_fit(v) for v in value[:MAX_LIST]]
        return [*kept, f"+{len(value) - MAX_LIST}"] if len(value) > MAX_LIST else kept
    return value


def encode(event: str, params: Mapping | None = None) -> str:
    """The stored form of an event: compact JSON, at most MAX_CHARS (long params are shortened)."""
    if event not in EVENTS:
        raise ValueError(f"audit event {event!r} has no sentence in core.audit_messages.EVENTS")
    kept: dict = {k: _fit(v) for k, v in (params or {}).items()}

    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)

    text = dumps({"event": event, "params": kept})
    # Still too long: the longest params give way one by one (each at most once).
    for key in sorted(kept, key=lambda k: len(dumps(kept[k])), reverse=True):
        if len(text) <= MAX_CHARS:
            break
        kept[key] = "…"
        text = dumps({"event": event, "params": kept})
    return text


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


def decode(message: str) -> tuple[str, dict] | None:
    """(event, params) of a stored message, whether written with a code or left by an old writer."""
    if not message:
        return None
    if message.startswith('{"event":'):
        try:
            data = json.loads(message)
        except ValueError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("event"), str):
            return data["event"], data.get("params") or {}
    if message in LEGACY:
        event, params = LEGACY[message]
        return event, dict(params)
    for pattern, event in LEGACY_PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            return event, match.groupdict()
    return None


def _join(values) -> str:
    sep = "、" if (get_language() or "zh-hans").startswith("zh") else ", "
    return sep.join(str(v) for v in values)


def _label(table: Mapping, value) -> str:
    return str(table.get(value, value))


def _transition_label(model, action: str) -> str | None:
    from .workflow import transition_label

    return transition_label(model, action)


def _params_text(event: str, params: Mapping, model) -> dict:
    out = {}
    for key, value in params.items():
        if isinstance(value, list | tuple):
            value = _join(value)
        elif value is None or value == "":
            value = "—"
        out[key] = value
    if event == "window.close" and params.get("pool") in ("", None):
        out["pool"] = _("全部培育库")
    if event.startswith("export.list") and isinstance(params.get("filters"), list):
        out["filters"] = _filters_text(params["filters"])
    if "what" in out:
        out["what"] = _label(EXPORTS, out["what"])
    if event == "token.revoked_all":
        out["reason"] = _label(REVOKE_REASONS, out.get("reason"))
    for key in out.keys() & LABELS.keys():
        out[key] = _label(LABELS[key], out[key])
    if event.startswith("workflow.move"):
        out["action"] = _transition_label(model, str(params.get("action", ""))) or _("状态变更")
    return out


def sentence(message: str, model=None) -> str:
    """The row's sentence in the active language; `model` is the row's model (transition names)."""
    decoded = decode(message)
    if decoded is None:
        return str(UNKNOWN) if message else ""
    event, params = decoded
    if event == "workflow.move_legacy":
        label = _transition_label(model, params.get("action", ""))
        if label is None:
            return str(UNKNOWN)
        event = "workflow.move_comment" if params.get("comment") else "workflow.move"
    template = EVENTS.get(event) or LEGACY_EVENTS.get(event)
    if template is None:
        return str(UNKNOWN)
    try:
        return str(template).format(**_params_text(event, params, model))
    except (KeyError, IndexError, ValueError):
        return str(UNKNOWN)


def log_sentence(log) -> str:
    """An AuditLog row's sentence (its content type's model names the workflow's moves)."""
    model = log.content_type.model_class() if log.content_type_id else None
    return sentence(log.message, model)
