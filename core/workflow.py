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
  audit rows and the on-commit effects around it, which is most of this module. What the libraries
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
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, router, transaction
from django.db.models import signals
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit
from .exceptions import Conflict
from .models import WorkflowEvent
from .notifications import notify, notify_many
from .permissions import Decision, require

__all__ = ["Move", "Notice", "Transition", "Workflow", "WorkflowEvent", "transition_label"]


@dataclass(frozen=True)
class Transition:
    """One declared move: `action` takes the object from any of `sources` to `target`.

    `role` names who fires it (the app's permission function reads it: the nominating town, the
    pool's lead department, the office…). `event_action` is the event row's action when it differs
    from `action` (an event's action column holds at most 10 characters)."""

    action: str
    label: object
    sources: frozenset
    target: str
    role: str
    comment_required: bool = False
    event_action: str = ""

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))

    @property
    def recorded_as(self) -> str:
        return self.event_action or self.action


@dataclass
class Move:
    """A move under way, handed to the app's check, apply and notices hooks."""

    instance: Any  # the app's own model (a Nomination, a Report): the hooks use its fields
    transition: Transition
    actor: object
    comment: str
    from_state: str
    at: datetime

    @property
    def action(self) -> str:
        return self.transition.action


@dataclass(frozen=True)
class Notice:
    """An in-app notification (and e-mail, after commit) to `recipients`."""

    recipients: list
    message: str
    url: str = ""


@dataclass(frozen=True, eq=False)
class Workflow:
    """A workflow declared as data. `permission` is `(user, instance, action) -> Decision`, or its
    dotted path (the app's permissions module reads this very table, so it is imported when first used).

    `creating_actions` are event actions that add something without moving the state (the object's
    creation, a comment): their audit rows are `create`, other same-state events `update`, moves
    `transition`."""

    model: type[models.Model]
    event_model: type[WorkflowEvent]
    transitions: Iterable[Transition]
    permission: Callable[..., Decision] | str
    audited_fields: list[str] | None = None
    state_field: str = "state"
    lock_related: tuple[str, ...] = ()
    creating_actions: frozenset = frozenset({"create"})
    comment_message: object = gettext_lazy("%(action)s须填写理由。")
    table: dict = field(init=False, repr=False)

    def __post_init__(self):
        table = {}
        for t in self.transitions:
            if t.action in table:
                raise ImproperlyConfigured(f"{self.model.__name__}: action {t.action!r} is declared twice")
            table[t.action] = t
        object.__setattr__(self, "transitions", tuple(table.values()))
        object.__setattr__(self, "table", table)
        object.__setattr__(self, "creating_actions", frozenset(self.creating_actions))
        self._check_declarations()
        _DECLARED[self.model] = self

    def _check_declarations(self) -> None:
        """A typo in a state or an event action fails at import, not at the first click."""
        states = {value for value, _label in self.model._meta.get_field(self.state_field).choices}
        events = {value for value, _label in self.event_model._meta.get_field("action").choices or []}
        for t in self.transitions:
            unknown = (set(t.sources) | {t.target}) - states
            if unknown:
                raise ImproperlyConfigured(f"{t.action}: unknown states {sorted(unknown)}")
            if events and t.recorded_as not in events:
                raise ImproperlyConfigured(
                    f"{t.action}: {self.event_model.__name__} has no {t.recorded_as!r}"
                )
        self._subject_field  # noqa: B018 — the event model must point at the model

    # --- the table, as the pages, the API and the permission functions read it ---------------------

    def get(self, action: str) -> Transition | None:
        return self.table.get(action)

    def __getitem__(self, action: str) -> Transition:
        return self.table[action]

    def __contains__(self, action) -> bool:
        return action in self.table

    def __iter__(self) -> Iterator[Transition]:
        return iter(self.transitions)

    def values(self):
        return self.table.values()

    @property
    def states(self) -> frozenset:
        return frozenset(s for t in self.transitions for s in (*t.sources, t.target))

    def state_of(self, instance) -> str:
        return getattr(instance, self.state_field)

    def available(self, instance, user) -> list[Transition]:
        """The moves `user` may make from the object's state now: the buttons of a page."""
        state = self.state_of(instance)
        return [t for t in self.transitions if state in t.sources and self.allowed(user, instance, t.action)]

    def allowed(self, user, instance, action: str) -> Decision:
        return self._permission(user, instance, action)

    @cached_property
    def _permission(self) -> Callable[..., Decision]:
        return import_string(self.permission) if isinstance(self.permission, str) else self.permission

    @cached_property
    def _subject_field(self) -> str:
        for f in self.event_model._meta.concrete_fields:
            if f.is_relation and f.related_model is self.model:
                return f.name
        raise ImproperlyConfigured(f"{self.event_model.__name__} has no foreign key to {self.model.__name__}")

    # --- writes ------------------------------------------------------------------------------------

    def lock(self, pk) -> Any:  # the declared model's instance
        """The object's row, locked until the transaction ends (call inside `transaction.atomic`)."""
        return (
            self.model._default_manager.select_for_update(of=("self",))
            .select_related(*self.lock_related)
            .get(pk=pk)
        )

    def lock_many(self, pks) -> list:
        """The objects' rows, locked in primary-key order (the fixed order two batches agree on)."""
        wanted = set(pks)
        rows = list(
            self.model._default_manager.select_for_update(of=("self",))
            .select_related(*self.lock_related)
            .filter(pk__in=wanted)
            .order_by("pk")
        )
        if len(rows) != len(wanted):
            raise self.model.DoesNotExist(  # type: ignore[attr-defined]  # every concrete model has it
                f"{self.model.__name__}: {len(wanted) - len(rows)} rows not found"
            )
        return rows

    def save_many(self, instances: list, fields) -> None:
        """Save `fields` (and any auto_now field) of many rows in one statement, and send post_save
        for each as `save()` would (receivers such as the cockpit's refresh see every row)."""
        if not instances:
            return
        opts = self.model._meta
        names = list(dict.fromkeys(fields))
        for f in opts.concrete_fields:
            if getattr(f, "auto_now", False):
                for instance in instances:
                    f.pre_save(instance, add=False)
                names.append(f.name)
        self.model._default_manager.bulk_update(instances, list(dict.fromkeys(names)))
        _saved(self.model, instances, created=False, update_fields=frozenset(names))

    def _kind(self, action: str, from_state: str, to_state: str) -> str:
        if from_state != to_state:
            return audit.AuditAction.TRANSITION
        if action in self.creating_actions:
            return audit.AuditAction.CREATE
        return audit.AuditAction.UPDATE

    def _event(self, instance, actor, action, comment, from_state, to_state):
        return self.event_model(
            **{self._subject_field: instance},
            actor=actor,
            action=action,
            comment=comment,
            from_state=from_state,
            to_state=to_state,
        )

    def _audit_entry(self, instance, action, before, comment, from_state, to_state) -> audit.Entry:
        return audit.Entry(
            action=self._kind(action, from_state, to_state),
            instance=instance,
            before=before,
            after=audit.snapshot(instance, self.audited_fields),
            event="workflow.move_comment" if comment else "workflow.move",
            params={"action": action, "comment": comment} if comment else {"action": action},
        )

    def record(
        self,
        instance,
        *,
        actor,
        action: str,
        before: dict | None = None,
        comment: str = "",
        from_state: str | None = None,
        to_state: str | None = None,
    ) -> WorkflowEvent:
        """One event row and one audit row. Without states given, the event keeps the current state."""
        state = self.state_of(instance)
        from_state = state if from_state is None else from_state
        to_state = state if to_state is None else to_state
        event = self._event(instance, actor, action, comment, from_state, to_state)
        event.save()
        audit.record_many(
            actor=actor, entries=[self._audit_entry(instance, action, before, comment, from_state, to_state)]
        )
        return event

    def _start(self, instance, transition: Transition, actor, comment: str, check) -> Move:
        """Steps 2 to 5 of a move on a locked row: permission, source state, comment rule, check."""
        require(self.allowed(actor, instance, transition.action))
        from_state = self.state_of(instance)
        if from_state not in transition.sources:
            raise Conflict(
                _("当前状态为“%(state)s”，不能%(action)s。")
                % {
                    "state": getattr(instance, f"get_{self.state_field}_display")(),
                    "action": transition.label,
                }
            )
        if transition.comment_required and not comment:
            raise ValidationError({"comment": str(self.comment_message) % {"action": transition.label}})
        move = Move(instance, transition, actor, comment, from_state, timezone.now())
        if check is not None:
            check(move)
        return move

    def _transition(self, action: str) -> Transition:
        transition = self.get(action)
        if transition is None:
            raise Conflict(_("未知操作“%(action)s”。") % {"action": action})
        return transition

    def fire(
        self,
        instance,
        *,
        action: str,
        actor,
        comment: str = "",
        check: Callable[[Move], None] | None = None,
        apply: Callable[[Move], None] | None = None,
        notices: Callable[[Move], Iterable[Notice]] | None = None,
        after_commit: Callable[[Move], None] | None = None,
    ):
        """Make the move `action` on `instance` (see the module's docstring); returns the saved object."""
        transition = self._transition(action)
        comment = (comment or "").strip()
        with transaction.atomic():
            instance = self.lock(instance.pk)
            move = self._start(instance, transition, actor, comment, check)
            before = audit.snapshot(instance, self.audited_fields)
            setattr(instance, self.state_field, transition.target)
            if apply is not None:
                apply(move)
            instance.save()
            self.record(
                instance,
                actor=actor,
                action=transition.recorded_as,
                before=before,
                comment=comment,
                from_state=move.from_state,
                to_state=transition.target,
            )
            for notice in notices(move) if notices is not None else ():
                notify(recipients=notice.recipients, message=notice.message, url=notice.url)
            if after_commit is not None:
                transaction.on_commit(lambda: after_commit(move))
        return instance

    def fire_many(
        self,
        pks,
        *,
        action: str,
        actor,
        comment: str = "",
        fields=(),
        check: Callable[[Move], None] | None = None,
        apply: Callable[[Move], None] | None = None,
        notices: Callable[[Move], Iterable[Notice]] | None = None,
        after_commit: Callable[[Move], None] | None = None,
    ) -> list:
        """The same move on many objects at once (a daily task's batch), all or nothing: the rows
        locked in primary-key order, each checked as `fire` checks it (the first refusal refuses the
        batch), then one update of the state and of `fields` (those `apply` sets), one insert of the
        events, one of the audit rows and one of the notifications, whatever the number of objects.
        Returns the saved objects in primary-key order."""
        transition = self._transition(action)
        comment = (comment or "").strip()
        with transaction.atomic():
            instances = self.lock_many(pks)
            moves = [self._start(instance, transition, actor, comment, check) for instance in instances]
            befores = [audit.snapshot(instance, self.audited_fields) for instance in instances]
            for move in moves:
                setattr(move.instance, self.state_field, transition.target)
                if apply is not None:
                    apply(move)
            self.save_many(instances, [self.state_field, *fields])
            events = [
                self._event(
                    m.instance, actor, transition.recorded_as, comment, m.from_state, transition.target
                )
                for m in moves
            ]
            self.event_model._default_manager.bulk_create(events)
            _saved(self.event_model, events, created=True)
            audit.record_many(
                actor=actor,
                entries=[
                    self._audit_entry(
                        m.instance, transition.recorded_as, before, comment, m.from_state, transition.target
                    )
                    for m, before in zip(moves, befores, strict=True)
                ],
            )
            if notices is not None:
                notify_many((n.recipients, n.message, n.url) for move in moves for n in notices(move))
            if after_commit is not None:
                for move in moves:
                    transaction.on_commit(partial(after_commit, move))
        return instances


def _saved(model, rows, *, created: bool, update_fields=None) -> None:
    """post_save for rows written in bulk, as their one-by-one save() would have sent it."""
    using = router.db_for_write(model)
    for row in rows:
        signals.post_save.send(
            sender=model, instance=row, created=created, update_fields=update_fields, raw=False, using=using
        )


_DECLARED: dict = {}  # model → its Workflow, filled as each app's workflow.py is imported


def transition_label(model, action: str) -> str | None:
    """The name of a move or event action of `model`'s workflow (the audit trail's sentences), or None."""
    workflow = _DECLARED.get(model)
    if workflow is None or not action:
        return None
    for t in workflow.transitions:
        if action in (t.action, t.recorded_as):
            return str(t.label)
    choices = dict(workflow.event_model._meta.get_field("action").choices or [])
    return str(choices[action]) if action in choices else None
