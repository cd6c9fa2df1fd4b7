"""Field factories the apps' models share, one rule each, so that a model says in one line what it means.

- `actor_field(label)`: the account that did something to the row (filed, decided, recorded, created
  it). PROTECT: an account that acted is never deleted (it is deactivated); no reverse accessor.
- `state_field(initial)`: a workflow row's `state`, with the choices of its workflow's states and the
  state a new row starts in (core/workflow.py moves it).
- `event_fields(actions, states)`: a workflow event's `action`, `from_state` and `to_state`
  (core.models.WorkflowEvent) with the choices of its workflow; the names and sizes stay those the
  engine writes (core/workflow.py).

A field built here deconstructs exactly as the field written out by hand, so models moved onto these
need no migration.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def actor_field(label=None, *, null: bool = False, blank: bool = False) -> models.ForeignKey:
    """The account that acted on the row (`null`: the system, or not yet)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=null,
        blank=blank,
        on_delete=models.PROTECT,
        related_name="+",
    )


def state_field(initial, *, max_length: int = 12) -> models.CharField:
    """`state = state_field(MeetingState.PLANNED)`: the states of `initial`'s choices, starting there."""
    return models.CharField(_("状态"), max_length=max_length, choices=type(initial).choices, default=initial)


def event_fields(actions, states) -> tuple[models.CharField, models.CharField, models.CharField]:
    """`action, from_state, to_state = event_fields(Action, State)` in a WorkflowEvent subclass."""
    return (
        models.CharField(_("动作"), max_length=10, choices=actions.choices),
        models.CharField(max_length=12, blank=True, choices=states.choices),
        models.CharField(max_length=12, blank=True, choices=states.choices),
    )
