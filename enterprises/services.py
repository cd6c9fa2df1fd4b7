"""Writes to the enterprise and project registry. Every one checks permission, validates, audits."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from core.imports import ImportOutcome, read_upload
from core.permissions import require
from core.resources import import_all_or_nothing
from core.services import model_create, model_update

from . import permissions
from .models import Enterprise, Project
from .uscc import normalize


def _force_own_town(actor, data: dict) -> dict:
    # A town official registers for their own town only, whatever the input says.
    if actor.role == Role.TOWN:
        return {**data, "town": actor.town}
    if not data.get("town"):
        raise ValidationError({"town": _("请选择所属街镇。")})
    return data


def enterprise_create(*, actor, data: dict) -> Enterprise:
    require(permissions.can_create_enterprise(actor))
    data = _force_own_town(actor, {**data, "uscc": normalize(data.get("uscc", ""))})
    return model_create(model_class=Enterprise, data=data, actor=actor)


def enterprise_update(*, actor, enterprise: Enterprise, data: dict) -> Enterprise:
    require(permissions.can_edit_enterprise(actor, enterprise))
    if "uscc" in data:
        data = {**data, "uscc": normalize(data["uscc"])}
    if actor.role == Role.TOWN:
        data.pop("town", None)  # moving an enterprise to another town is the office's decision
    instance, _changed = model_update(instance=enterprise, data=data, actor=actor)
    return instance


def _check_project_enterprise(actor, data: dict) -> None:
    enterprise = data.get("enterprise")
    if enterprise is not None and not Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists():
        raise ValidationError({"enterprise": _("只能为本街镇登记的企业申报项目。")})


def project_create(*, actor, data: dict) -> Project:
    require(permissions.can_create_project(actor))
    data = _force_own_town(actor, data)
    _check_project_enterprise(actor, data)
    return model_create(model_class=Project, data=data, actor=actor)


def project_update(*, actor, project: Project, data: dict) -> Project:
    require(permissions.can_edit_project(actor, project))
    if actor.role == Role.TOWN:
        data.pop("town", None)
    _check_project_enterprise(actor, data)
    instance, _changed = model_update(instance=project, data=data, actor=actor)
    return instance


@transaction.atomic
def enterprises_import(*, actor, upload) -> ImportOutcome:
    """Import an xlsx registry all-or-nothing. The upload is checked and read here (type, size, limits);
    on any bad row nothing is written and the outcome lists every bad row with its Excel row and reason."""
    from .resources import EnterpriseResource
    from .xlsx import headers

    require(permissions.can_import_enterprises(actor))
    dataset = read_upload(upload, required=headers()[:4])
    resource = EnterpriseResource(actor=actor)
    result, errors = import_all_or_nothing(resource, dataset)
    if errors:
        return ImportOutcome(rows=len(dataset), errors=errors)
    totals = result.totals
    return ImportOutcome(
        rows=len(dataset),
        success=_("导入成功：新增 %(new)d 家，更新 %(update)d 家，未变 %(skip)d 家。")
        % {"new": totals.get("new", 0), "update": totals.get("update", 0), "skip": totals.get("skip", 0)},
    )
