"""Credit record imports: all-or-nothing, each department its own kinds."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core.imports import ImportOutcome, read_upload
from core.notifications import notify
from core.permissions import require
from core.resources import import_all_or_nothing

from .. import permissions
from ..models import (
    RatingTrigger,
)
from ..rating import (
    rate_enterprises,
)

# --- import ----------------------------------------------------------------------------------------


@transaction.atomic
def records_import(*, actor, upload) -> ImportOutcome:
    """Import a department's xlsx of records all-or-nothing (by USCC). The upload is checked and read
    here; on any bad row nothing is written and every bad row is listed with its Excel row number.
    On success the enterprises concerned are re-rated and told."""
    from ..resources import CreditRecordResource
    from ..xlsx import headers

    require(permissions.can_create_records(actor))
    required = [CreditRecordResource.fields[n].column_name for n in CreditRecordResource.REQUIRED_COLUMNS]
    dataset = read_upload(upload, required=required, columns=headers())
    resource = CreditRecordResource(actor=actor)
    result, errors = import_all_or_nothing(resource, dataset)
    if errors:
        return ImportOutcome(rows=len(dataset), errors=errors)
    counts: dict[int, int] = {}
    for enterprise_id in resource.imported_enterprises:
        counts[enterprise_id] = counts.get(enterprise_id, 0) + 1
    rate_enterprises(enterprise_ids=list(counts), trigger=RatingTrigger.RECORD, actor=actor)
    users: dict[int, list] = {}
    for user in User.objects.filter(role=Role.ENTERPRISE, is_active=True, enterprise_id__in=counts):
        if user.enterprise_id is not None:  # always, by the filter; says so to the type checker
            users.setdefault(user.enterprise_id, []).append(user)
    for enterprise_id, recipients in users.items():
        notify(
            recipients=recipients,
            url=reverse("credit:mine"),
            message=_("%(dept)s录入了 %(n)d 条关于贵企业的信用记录。如有异议，可在记录页面提出。")
            % {"dept": actor.department.name, "n": counts[enterprise_id]},
        )
    return ImportOutcome(
        rows=len(dataset),
        success=_("导入成功：新增 %(n)d 条信用记录，相关企业已重新评级。")
        % {"n": result.totals.get("new", 0)},
    )
