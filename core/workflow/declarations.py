"""The declared data of a workflow: a Transition, and the Move and Notice handed to an app's hooks."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any


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
