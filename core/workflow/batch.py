"""Batch forms of a move: lock_many, save_many and fire_many, one statement per kind of row written."""

from collections.abc import Callable, Iterable
from functools import partial

from django.db import router, transaction
from django.db.models import signals

from .. import audit
from ..notifications import notify_many
from .declarations import Move, Notice
from .moves import Moves


class BatchMoves(Moves):
    """The same move on many objects at once: rows locked in primary-key order, bulk writes."""

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
