"""How an event's params read in words: lists, registered choices, revoke reasons, filters, move names."""

from collections.abc import Mapping

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .exports import EXPORTS, _filters_text

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


def _join(values) -> str:
    sep = "、" if (get_language() or "zh-hans").startswith("zh") else ", "
    return sep.join(str(v) for v in values)


def _label(table: Mapping, value) -> str:
    return str(table.get(value, value))


def _transition_label(model, action: str) -> str | None:
    from ..workflow import transition_label

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
