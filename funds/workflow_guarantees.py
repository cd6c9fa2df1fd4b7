"""The guarantee workflow declared as data (融资担保): which action moves which states, and who fires it.

draft →submit (bank)→ submitted →approve (agency)→ active →release (bank: the loan is repaid)→ released;
submitted →reject (agency, with reasons)→ rejected; draft or submitted →withdraw (bank)→ withdrawn;
active →claim (bank: the loan defaulted)→ claimed →pay (agency: 代偿)→ compensated;
claimed →decline (agency, with reasons)→ active. Recoveries (追偿) after a compensation are events of
their own that leave the state as it is. The moves run on the shared engine (core.workflow);
funds/services/guarantees.py adds the gates, the caps, the money and the notices.
"""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.workflow import Transition, Workflow

from .models.guarantees import Guarantee, GuaranteeEvent, GuaranteeState

S = GuaranteeState
AGENCY = "agency"  # the fund agency (基金管理机构): a department user of `fund_manager`

GUARANTEES = Workflow(
    model=Guarantee,
    event_model=GuaranteeEvent,
    permission="funds.permissions_guarantees.can_transition",
    lock_related=("fund", "enterprise", "bank"),
    audited_fields=[
        "state",
        "principal",
        "fee_rate",
        "fee_amount",
        "bank_share",
        "fund_share",
        "other_share",
        "exposure",
        "nomination",
        "outside_pool_reason",
        "released_on",
    ],
    creating_actions={GuaranteeEvent.Action.CREATE, GuaranteeEvent.Action.RECOVER},
    transitions=[
        Transition("submit", _("提交担保申请"), {S.DRAFT}, S.SUBMITTED, Role.BANK),
        Transition("withdraw", _("撤回"), {S.DRAFT, S.SUBMITTED}, S.WITHDRAWN, Role.BANK),
        Transition("approve", _("批准担保"), {S.SUBMITTED}, S.ACTIVE, AGENCY),
        Transition("reject", _("不予担保"), {S.SUBMITTED}, S.REJECTED, AGENCY, comment_required=True),
        Transition("release", _("解保"), {S.ACTIVE}, S.RELEASED, Role.BANK),
        Transition("claim", _("申请代偿"), {S.ACTIVE}, S.CLAIMED, Role.BANK),
        Transition("pay", _("代偿"), {S.CLAIMED}, S.COMPENSATED, AGENCY),
        Transition("decline", _("不予代偿"), {S.CLAIMED}, S.ACTIVE, AGENCY, comment_required=True),
    ],
)

TRANSITIONS = GUARANTEES.table
