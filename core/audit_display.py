"""The audit trail as a person reads it: each change as 字段：原值 → 新值 with the field's Chinese label,
choices by their names, money in 万元, times in Beijing time (the portal's TIME_ZONE) without
microseconds, related rows by name. Rows store raw values (core.audit.snapshot); only display changes."""

import json
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import ForeignObjectRel
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .money import format_wan, to_decimal

EMPTY = "—"
NAME_SECONDS = 300  # related rows' names (towns, departments, users) are cached this long for display


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def _field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # A key named like a reverse relation (a sub-fund's "contributors") is no field of the row itself.
    return None if isinstance(field, ForeignObjectRel) else field


def _time(value) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else value
    if not isinstance(moment, datetime):
        return str(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.utc)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _is_money(field) -> bool:
    return "万元" in str(getattr(field, "verbose_name", "")) or getattr(field, "name", "") in {
        "total_investment",
        "amount",
    }


class _Names:
    """Related rows' names, fetched once per related model for a whole page of rows."""

    def __init__(self):
        self.wanted: dict = {}
        self.found: dict = {}

    def want(self, model, ids) -> None:
        self.wanted.setdefault(model, set()).update(i for i in ids if isinstance(i, int))

    def load(self) -> None:
        """Names from the cache where known (a page of the trail costs the same queries however many
        rows it shows), else one query per related model; kept NAME_SECONDS."""
        for model, ids in self.wanted.items():
            if not ids:
                continue
            keys = {pk: f"audit-name:{model._meta.label_lower}:{pk}" for pk in ids}
            cached = cache.get_many(list(keys.values()))
            names = {pk: cached[key] for pk, key in keys.items() if key in cached}
            missing = [pk for pk in ids if pk not in names]
            if missing:
                fetched = {row.pk: str(row) for row in model._base_manager.filter(pk__in=missing)}
                cache.set_many({keys[pk]: name for pk, name in fetched.items()}, NAME_SECONDS)
                names.update(fetched)
            self.found[model] = names

    def name(self, model, pk) -> str:
        return self.found.get(model, {}).get(pk, f"#{pk}")


def _text(field, value, names: _Names) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if field is None:
        return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
    if field.many_to_many:
        return (
            "、".join(names.name(field.related_model, pk) for pk in value)
            if isinstance(value, list)
            else str(value)
        )
    if field.is_relation:
        return names.name(field.related_model, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("是") if value else _("否")
    if isinstance(field, models.DateTimeField):
        return _time(value)
    if isinstance(field, models.DecimalField):
        amount = to_decimal(value)
        if _is_money(field):
            return format_wan(amount)
        return number_format(amount, field.decimal_places, force_grouping=True)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def describe(logs) -> dict[int, list[Change]]:
    """Each log's changes, readable (log id → changes); related names in one query per related model."""
    logs = list(logs)
    names = _Names()
    plans = []
    for log in logs:
        model = log.content_type.model_class() if log.content_type_id else None
        rows = []
        for key, old, new in log.changed_fields:
            field = _field(model, key)
            if field is not None and field.is_relation and field.related_model is not None:
                names.want(field.related_model, old if isinstance(old, list) else [old])
                names.want(field.related_model, new if isinstance(new, list) else [new])
            rows.append((key, field, old, new))
        plans.append((log, rows))
    names.load()
    out = {}
    for log, rows in plans:
        out[log.pk] = [
            Change(
                label=str(field.verbose_name) if field is not None else key,
                old=_text(field, old, names),
                new=_text(field, new, names),
            )
            for key, field, old, new in rows
        ]
    return out
