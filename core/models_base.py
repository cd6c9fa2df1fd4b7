"""Field factories the apps' models share, one rule each, so that a model says in one line what it means.

- `actor_field(label)`: the account that did something to the row (filed, decided, recorded, created
  it). PROTECT: an account that acted is never deleted (it is deactivated); no reverse accessor.
- `state_field(initial)`: a workflow row's `state`, with the choices of its workflow's states and the
  state a new row starts in (core/workflow.py moves it).
- `event_fields(actions, states)`: a workflow event's `action`, `from_state` and `to_state`
  (core.models.WorkflowEvent) with the choices of its workflow; the names and sizes stay those the
  engine writes (core/workflow.py).
- `relation(to, label)`: a foreign key as the portal writes them: PROTECT (what a row points at is
  deactivated or ended, never deleted under it), no reverse accessor unless one is named, `optional`
  for null and blank together. The makers beside the models pointed at (programs/fields.py,
  enterprises/fields.py) are this with their target; `one_to_one` the same for a one-to-one link.
- `year_field`, `order_field`, `moment_field`, `note_field`, `yuan_field`, `wan_yuan_field`: the
  year a row is for, its place in a list, when something happened (if yet), a free-text remark, and
  money (元 as the ledger keeps it, 18 digits; 万元 as the policy states it, 14 digits; two places).
- `decision_fields(by, at, note)`: who decided (or removed) a row, when, and the words they gave.
- `event_owner(to)`, `event_index(owner, name)`: an event row's object (its history goes with it:
  CASCADE, `<object>.events`) and the index that reads one object's history in order.
- `AppendOnlyModel`: rows that are written once and never changed or deleted (the audit trail, the
  ledger); the subclass says in `append_only` what to do instead.
- `ScopedQuerySet`: `visible_to(user)` as one condition, `scope(user)` (NOTHING: none, no query);
  `SignedInQuerySet`: rows every signed-in account reads (reference data); `FollowingQuerySet`:
  rows seen by whoever sees the row they belong to.

A field built here deconstructs exactly as the field written out by hand, so models moved onto these
need no migration.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def relation(
    to,
    label=None,
    *,
    related_name: str | None = "+",
    optional: bool = False,
    on_delete=models.PROTECT,
    **options,
) -> models.ForeignKey:
    """`town = relation("programs.Town", _("街镇"), optional=True)`; `related_name=None` gives the
    default reverse accessor (`<model>_set`)."""
    return _related(models.ForeignKey, to, label, related_name, optional, on_delete, options)


def one_to_one(
    to,
    label=None,
    *,
    related_name: str | None = "+",
    optional: bool = False,
    on_delete=models.PROTECT,
    **options,
) -> models.OneToOneField:
    """`relation` for a row that at most one row points at (a loan's bad-credit record)."""
    return _related(models.OneToOneField, to, label, related_name, optional, on_delete, options)


def _related(kind, to, label, related_name, optional, on_delete, options):
    if optional:
        options.update(null=True, blank=True)
    return kind(to, verbose_name=label, on_delete=on_delete, related_name=related_name, **options)


def actor_field(label=None, *, null: bool = False, blank: bool = False, **options) -> models.ForeignKey:
    """The account that acted on the row (`null`: the system, or not yet)."""
    return relation(settings.AUTH_USER_MODEL, label, null=null, blank=blank, **options)


YEAR = _("年度")
ORDER = _("排序")
REMARK = _("备注")


def year_field(label=YEAR, **options) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, **options)


def order_field(label=ORDER, **options) -> models.PositiveSmallIntegerField:
    """A row's place in its list, smallest first."""
    return models.PositiveSmallIntegerField(label, default=0, **options)


def moment_field(label=None, **options) -> models.DateTimeField:
    """When something happened to the row; empty until it has."""
    return models.DateTimeField(label, null=True, blank=True, **options)


def note_field(label=REMARK, **options) -> models.TextField:
    """A free-text remark a person may leave empty."""
    return models.TextField(label, blank=True, **options)


def yuan_field(label=None, **options) -> models.DecimalField:
    """An amount in 元, as the ledger keeps it."""
    return models.DecimalField(label, max_digits=18, decimal_places=2, **options)


def wan_yuan_field(label=None, **options) -> models.DecimalField:
    """An amount in 万元, as the policy states it."""
    return models.DecimalField(label, max_digits=14, decimal_places=2, **options)


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


def decision_fields(by, at, note) -> tuple[models.ForeignKey, models.DateTimeField, models.TextField]:
    """`decided_by, decided_at, decision_note = decision_fields(_("处理人"), _("处理时间"), _("处理意见"))`:
    empty until someone decides."""
    return actor_field(by, null=True, blank=True), moment_field(at), note_field(note)


def event_owner(to, label=None) -> models.ForeignKey:
    """The object an event row is the history of: `nomination = event_owner(Nomination)`."""
    return models.ForeignKey(to, verbose_name=label, on_delete=models.CASCADE, related_name="events")


def event_index(owner: str, name: str) -> models.Index:
    """One object's history in order: `indexes = [event_index("report", "report_event_idx")]`."""
    return models.Index(fields=[owner, "created_at"], name=name)


class AppendOnlyModel(models.Model):
    """A row written once: saving it again or deleting it raises TypeError(`append_only`)."""

    append_only = "Rows of this table are written once and never changed or deleted."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError(self.append_only)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(self.append_only)


# The condition that admits no row (administrators, inactive accounts); visible_to turns it into none().
NOTHING = Q(pk__in=[])


class ScopedQuerySet(models.QuerySet):
    """`visible_to(user)`: the rows of the subclass's `scope(user)`, none (without a query) for NOTHING."""

    def scope(self, user) -> Q:
        raise NotImplementedError

    def visible_to(self, user):
        scope = self.scope(user)
        return self.none() if scope == NOTHING else self.filter(scope)


class SignedInQuerySet(models.QuerySet):
    """Rows every signed-in account reads (reference data, public inside the portal)."""

    def visible_to(self, user):
        return self if user.is_authenticated else self.none()


class FollowingQuerySet(models.QuerySet):
    """Rows seen by whoever sees the row they belong to (a claim its guarantee's readers): `follows`
    names the foreign key, whose model's `visible_to` decides."""

    follows = ""

    def visible_to(self, user):
        parent = self.model._meta.get_field(self.follows).related_model
        return self.filter(**{f"{self.follows}__in": parent.objects.visible_to(user).values("pk")})
