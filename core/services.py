"""Generic, audited writes for simple models (reference data the office edits).

Domain workflows have their own services; these cover plain create/update/delete so that every
write, however simple, is validated, runs in a transaction and leaves an audit row.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction

from . import audit


def _split_m2m(model_class, data: dict) -> tuple[dict, dict]:
    m2m_names = {f.name for f in model_class._meta.many_to_many}
    plain = {k: v for k, v in data.items() if k not in m2m_names}
    m2m = {k: v for k, v in data.items() if k in m2m_names}
    return plain, m2m


@transaction.atomic
def model_create(
    *, model_class: type[models.Model], data: dict, actor, event: str = "", params: dict | None = None
):
    plain, m2m = _split_m2m(model_class, data)
    instance = model_class(**plain)
    instance.full_clean()
    instance.save()
    for name, values in m2m.items():
        getattr(instance, name).set(values)
    audit.record_saved(actor=actor, instance=instance, before=None, event=event, params=params)
    return instance


@transaction.atomic
def model_update(*, instance: models.Model, data: dict, actor, event: str = "", params: dict | None = None):
    """Update the given fields only; returns (instance, has_changed)."""
    model_class = type(instance)
    instance = model_class._default_manager.select_for_update().get(pk=instance.pk)
    fields = list(data)
    before = audit.snapshot(instance, fields)
    plain, m2m = _split_m2m(model_class, data)
    for name, value in plain.items():
        setattr(instance, name, value)
    instance.full_clean()
    if plain:
        update_fields = list(plain)
        if any(f.name == "updated_at" for f in model_class._meta.concrete_fields):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields)
    for name, values in m2m.items():
        getattr(instance, name).set(values)
    after = audit.snapshot(instance, fields)
    changed = before != after
    if changed:
        audit.record(
            actor=actor,
            action=audit.AuditAction.UPDATE,
            instance=instance,
            before=before,
            after=after,
            event=event,
            params=params,
        )
    return instance, changed


def required_reason(reason: str | None, message: str) -> str:
    """The reason a service was given for a move that needs one (withdraw, remove, correct), stripped;
    blank is refused on the `reason` field with `message`, which says what needs a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason
