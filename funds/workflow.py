"""The bridge-loan workflow declared as data: which action moves which states, and who fires it.

applied → recommended | declined (the town) → confirmed (the bank: loan falling due and its renewal
commitment) → approved | rejected (the fund agency) → disbursed (a second agency user: the approver
cannot disburse) → repaid (the bank reports the renewal and the money back). The daily task marks a
disbursed loan past its due date overdue (actor None); an overdue loan is repaid the same way.
The applicant (the enterprise or its town) withdraws before approval.
The moves run on the shared engine (core.workflow); funds.services.bridge adds the checks, money and
notices.
"""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.workflow import Transition, Workflow

from .models import BridgeLoan, BridgeLoanEvent, BridgeLoanState

S = BridgeLoanState
AGENCY = "agency"  # a department user of the fund agency (基金管理机构)
APPLICANT = "applicant"  # the enterprise, or a user of its town
SYSTEM = "system"  # the daily task

BRIDGE_LOANS = Workflow(
    model=BridgeLoan,
    event_model=BridgeLoanEvent,
    permission="funds.permissions.can_transition",
    lock_related=("sub_fund", "enterprise", "bank", "town"),
    audited_fields=[
        "state",
        "amount",
        "approved_amount",
        "renewal_amount",
        "renewal_on",
        "outside_pool_reason",
        "decided_by",
        "disbursed_by",
        "disbursed_on",
        "due_on",
        "repaid_on",
        "fee",
        "overdue_days",
        "penalty_accrued",
    ],
    transitions=[
        Transition("recommend", _("推荐"), {S.APPLIED}, S.RECOMMENDED, Role.TOWN),
        Transition("decline", _("不予推荐"), {S.APPLIED}, S.DECLINED, Role.TOWN, comment_required=True),
        Transition("confirm", _("确认续贷承诺"), {S.RECOMMENDED}, S.CONFIRMED, Role.BANK),
        Transition("approve", _("批准"), {S.CONFIRMED}, S.APPROVED, AGENCY),
        Transition(
            "reject", _("不予批准"), {S.RECOMMENDED, S.CONFIRMED}, S.REJECTED, AGENCY, comment_required=True
        ),
        Transition("disburse", _("拨付"), {S.APPROVED}, S.DISBURSED, AGENCY),
        Transition("overdue", _("逾期"), {S.DISBURSED}, S.OVERDUE, SYSTEM),
        Transition("repay", _("报告续贷及归还"), {S.DISBURSED, S.OVERDUE}, S.REPAID, Role.BANK),
        Transition("withdraw", _("撤回"), {S.APPLIED, S.RECOMMENDED}, S.WITHDRAWN, APPLICANT),
    ],
)

TRANSITIONS = BRIDGE_LOANS.table
DECIDED_STATES = frozenset({S.APPROVED, S.REJECTED, S.DISBURSED, S.OVERDUE, S.REPAID})
