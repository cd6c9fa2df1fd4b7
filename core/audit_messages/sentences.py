"""The stored form of an event (encode, decode) and the sentence a row reads as (sentence, log_sentence)."""

import json
from collections.abc import Mapping

from django.utils.translation import gettext_lazy

from .events import EVENTS
from .legacy import LEGACY, LEGACY_EVENTS, LEGACY_PATTERNS
from .params import _params_text, _transition_label

MAX_CHARS = 500  # AuditLog.message
MAX_LIST = 20  # row numbers and the like kept per list; the count says the rest
MAX_TEXT = 120  # a typed comment or reason kept per param

UNKNOWN = gettext_lazy("系统记录（无中文说明，原文见导出）")


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
