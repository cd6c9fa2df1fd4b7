"""Field declarations every app repeats, written once (their migrations are unchanged)."""

from django.conf import settings
from django.db import models


def actor_field(label, *, optional: bool = False) -> models.ForeignKey:
    """Who did something: the account, kept whatever becomes of it (PROTECT), without a reverse
    accessor; `optional` while nobody has done it yet (decided, removed…)."""
    blank = {"null": True, "blank": True} if optional else {}
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=label, on_delete=models.PROTECT, related_name="+", **blank
    )
