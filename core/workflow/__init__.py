"""One workflow engine for every object that moves through states (nominations, monthly reports, and
next fund applications and dispatch reports).

An app declares its workflow as data, in its own workflow.py: the transitions (action, label, source
states, target state, who fires it, whether a comment is required), the model, its event model and the
fields its audit rows keep. Its services then fire moves:

    NOMINATIONS.fire(nomination, action="approve", actor=user, comment="", check=..., apply=..., notices=...)

and each move does, in one transaction and in this order:

1. the row is locked (`SELECT … FOR UPDATE`), so two people moving the same object take turns and
   the second sees the first one's state;
2. the declared permission function is asked (it returns a Decision with its reason: 403 with that
   sentence);
3. the current state must be a declared source of the action, else `Conflict` naming the state (409
   in the API, the same Chinese sentence on pages); an unknown action is a `Conflict` too;
4. a declared comment rule is applied (`ValidationError` on the `comment` field);
5. the app's `check(move)` refuses what the table cannot say (a closed window, a quota reached);
   it runs under the row lock, and takes any further locks it needs after it;
6. the state changes, the app's `apply(move)` sets what goes with it (who decided and when), the row
   is saved;
7. one event row and one audit row are written (before/after snapshots of the declared fields);
8. the app's `notices(move)` become in-app notifications, written in the same transaction (a refused
   or rolled-back move leaves none, and nobody sees them before commit); e-mail and any `after_commit`
   side effect leave only once the transaction commits.

A batch job fires the same move on many objects at once with `fire_many(pks, action=..., actor=None)`:
the rows locked in primary-key order, each refused or checked as `fire` would (the first refusal
refuses the batch), then one update, one insert of the events, one of the audit rows (core.audit
record_many) and one of the notifications, whatever the number of objects; post_save is sent for
each row and event as their save() would have. `fire` and `fire_many` share the steps' code.

The engine lives in core, the bottom layer: it imports nothing of the domain apps. Models, event
models, roles and permission functions come in as declarations and arguments.

Why our own and not a library (evaluated 2026-12, django-fsm-2 4.2 and django-viewflow 2.4):

- django-fsm-2 (imports as `django_fsm`, MIT): transitions are `@transition` decorators on model
  methods over an `FSMField` (a migration of every state field, the table spread over the model's
  methods); `get_available_user_FIELD_transitions` gives the buttons. Permissions and conditions
  answer True/False, so a refusal cannot say why. Concurrency is optimistic
  (`ConcurrentTransitionMixin` adds `WHERE state = old` to the save and raises at the end), not a row
  lock: the checks that must run under the lock (the blacklist gate locks the enterprise, the quota
  count locks the pool-year) would not be serialized. No event or audit rows, no comment rules; its
  pre/post_transition signals fire synchronously inside the transaction (domain logic in signals is
  what our style avoids), nothing on commit.
- viewflow's fsm (`viewflow.fsm.State`): declarations on a flow class beside the model (close to what
  we want), labels, `get_available_transitions` for buttons, `State.CONDITION` can carry an unmet
  message; but permissions answer True/False, there is no row lock, no event/audit rows, nothing on
  commit, and it brings the whole viewflow package under AGPL-3.0 (a commercial licence otherwise),
  a burden for a district government's deployment.
- Either would leave us writing the lock, the permission reasons, the comment rule, the event and
  audit rows and the on-commit effects around it, which is most of this package. What the libraries
  add on top (graphs, admin actions) we do not need. So: this small engine, with the declarations as
  plain frozen dataclasses the pages, the API and the permission functions read.

The next workflows fit as they are, e.g. fund applications:

    FUND_APPLICATIONS = Workflow(
        model=FundApplication, event_model=FundApplicationEvent,  # FundApplicationEvent(WorkflowEvent)
        permission="funds.permissions.can_transition",
        transitions=[
            Transition("submit", _("提交"), {DRAFT}, SUBMITTED, Role.ENTERPRISE),
            Transition("approve", _("批准"), {SUBMITTED}, APPROVED, Role.DEPARTMENT),
            Transition("reject", _("不予批准"), {SUBMITTED}, REJECTED, Role.DEPARTMENT, comment_required=True),
            Transition("disburse", _("拨付"), {APPROVED}, DISBURSED, Role.DEPARTMENT),
            Transition("repay", _("归还"), {DISBURSED, OVERDUE}, REPAID, Role.DEPARTMENT),
            Transition("overdue", _("逾期"), {DISBURSED}, OVERDUE, "system"),  # a daily task, actor=None
        ],
    )

and monthly dispatch reports are one move, draft → published by the office. Money moves belong in
`apply` (with `F()` under the row lock the engine already holds), tasks in `after_commit`.

Lock order: the object's row first (here), then whatever `check` locks (the subject enterprise, then
the pool-year quota row for nominations). Keep that order in any new check so that two moves never
wait for each other crosswise.

The package by concern: declarations.py (Transition, Move, Notice), table.py (the Workflow's fields,
its checks at import, the table as pages read it, transition_label), moves.py (one move: the shared
steps and fire), batch.py (fire_many, save_many, lock_many). Every name is importable from here.
"""

from dataclasses import dataclass

from ..models import WorkflowEvent
from .batch import BatchMoves
from .declarations import Move, Notice, Transition
from .table import _DECLARED, transition_label

__all__ = ["Move", "Notice", "Transition", "Workflow", "WorkflowEvent", "_DECLARED", "transition_label"]


@dataclass(frozen=True, eq=False)
class Workflow(BatchMoves):
    """A workflow declared as data (its fields and table: table.WorkflowTable) with its writes: one
    move at a time (moves.py) and the batch forms (batch.py)."""
