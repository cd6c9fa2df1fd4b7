"""Office edits of the policy data. One audited path for every kind of record (see forms.EDITABLE)."""

from core.permissions import require
from core.services import model_create, model_update

from .permissions import can_edit_programme


def policy_record_update(*, actor, instance, data: dict):
    require(can_edit_programme(actor))
    if "is_current" in data and data["is_current"]:
        _clear_current_programme(exclude=instance.pk)
    instance, _changed = model_update(instance=instance, data=data, actor=actor)
    return instance


def policy_record_create(*, actor, model_class, data: dict):
    require(can_edit_programme(actor))
    return model_create(model_class=model_class, data=data, actor=actor)


def _clear_current_programme(*, exclude) -> None:
    from .models import Programme

    # Only one programme is current (a DB constraint); switching is one step for the office.
    Programme.objects.filter(is_current=True).exclude(pk=exclude).update(is_current=False)
