"""One move at a time: the row lock, the steps every move shares (permission to audit row), and fire."""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import audit
from ..exceptions import Conflict
from ..models import WorkflowEvent
from ..notifications import notify
from ..permissions import require
from .declarations import Move, Notice, Transition
from .table import WorkflowTable


class Moves(WorkflowTable):
    """The writes of a declared workflow on one object, and the steps its batch form shares."""

    def lock(self, pk) -> Any:  # the declared model's instance
        """The object's row, locked until the transaction ends (call inside `transaction.atomic`)."""
        return (
            self.model._default_manager.select_for_update(of=("self",))
            .select_related(*self.lock_related)
            .get(pk=pk)
        )

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
        """Make the move `action` on `instance` (see core.workflow's docstring); returns the saved object."""
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
