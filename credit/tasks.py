"""Thin, idempotent tasks over credit/rating.py: rating twice appends nothing the second time."""

from celery import shared_task


@shared_task(name="credit.rate_all")
def rate_all_task(trigger: str = "schedule", actor_id: int | None = None) -> dict:
    """Rate every enterprise (the monthly beat entry, on-demand runs, a new model version)."""
    from accounts.models import User

    from .rating import rate_all

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return rate_all(trigger=trigger, actor=actor).as_dict()


@shared_task(name="credit.rate_expired")
def rate_expired_task() -> dict:
    """Re-rate enterprises whose records' effect ended lately (daily): expired records stop counting."""
    from .rating import rate_expired

    return rate_expired().as_dict()
