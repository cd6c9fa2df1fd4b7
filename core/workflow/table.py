"""The Workflow's declaration: its fields, the checks at import, the table as pages read it, the labels."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy

from ..models import WorkflowEvent
from ..permissions import Decision
from .declarations import Transition

_DECLARED: dict = {}  # model → its Workflow, filled as each app's workflow.py is imported


@dataclass(frozen=True, eq=False)
class WorkflowTable:
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
        states = {value for value, _label in self.model._meta.get_field(self.state_field).choices}  # type: ignore[union-attr]
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
