"""The scoring model: versioned data owned by 区金融办, published under a lock."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.notifications import notify
from core.permissions import require
from enterprises.models import Enterprise

from .. import permissions
from ..models import (
    RatingTrigger,
    ScoringModel,
)
from ..rating import (
    kind_categories,
    rate_enterprise,
)
from ..scoring import Rules, RulesError

# --- the scoring model -----------------------------------------------------------------------------


def model_publish(*, actor, rules: dict, notes: str) -> ScoringModel:
    """区金融办 publishes a new version; every enterprise is re-rated under it after commit."""
    from ..tasks import rate_all_task

    require(permissions.can_publish_model(actor))
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError({"notes": _("请说明本次修改的内容和依据。")})
    try:
        parsed = Rules.from_dict(rules, kinds=kind_categories())
    except RulesError as exc:
        raise ValidationError({"rules": exc.messages}) from exc
    with transaction.atomic():
        # Publishers queue on the owner department's row (always there): two at once would otherwise both
        # read the same latest version and the second would fail on the unique version number.
        from programs.models import Department

        from ..loader import owner_department_code

        Department.objects.select_for_update().filter(code=owner_department_code()).first()
        latest = ScoringModel.objects.order_by("-version").first()
        version = (latest.version if latest else 0) + 1
        model = ScoringModel.objects.create(
            version=version,
            name=parsed.name or _("评分模型"),
            rules=parsed.to_dict(),
            notes=notes[:5000],
            source=_("门户发布"),
            published_by=actor,
        )
        audit.record(
            actor=actor,
            action=audit.AuditAction.CREATE,
            instance=model,
            after={"version": version, "rules": model.rules},
            event="scoring.published",
            params={"notes": notes},
        )
        office = list(User.objects.filter(is_active=True, role=Role.OFFICE))
        notify(
            recipients=office,
            url=reverse("credit:model"),
            message=_("区金融办发布了第 %(v)d 版诚信评分模型，全部企业将按新模型重新评级。") % {"v": version},
        )
        transaction.on_commit(lambda: rate_all_task.delay(trigger=RatingTrigger.MODEL, actor_id=actor.pk))
    return model


def rate_on_demand(*, actor, enterprise: Enterprise | None = None):
    """Rate one enterprise now (returns the new rating or None if unchanged), or queue a run for all."""
    from ..tasks import rate_all_task

    require(permissions.can_rate(actor))
    if enterprise is not None:
        return rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.ON_DEMAND, actor=actor)
    audit.record(actor=actor, action=audit.AuditAction.CREATE, event="rating.requested")
    transaction.on_commit(lambda: rate_all_task.delay(trigger=RatingTrigger.ON_DEMAND, actor_id=actor.pk))
    return None
