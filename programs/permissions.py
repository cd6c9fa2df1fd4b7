from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_office
from core.permissions import Decision, allow, deny


def can_edit_programme(user) -> Decision:
    """The policy's content (pools, criteria, quotas, targets, organisations) is the office's to edit."""
    if is_office(user):
        return allow()
    return deny(_("只有领导小组办公室可以修改政策内容、目标和数量。"))
