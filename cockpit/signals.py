"""The events that change the cockpit's summary rows queue a debounced refresh once committed:
a nomination's decision (its event row: approved, rejected, returned, removed), a statistics import, a credit record or blacklist change,
an enterprise's flags or the parks registry, an office-entered actual (services), and whatever the
registered panels name in `refresh_on` (a published 通报, a fund's drawdown)."""

from django.db.models.signals import post_save


def connect() -> None:
    from credit.models import BlacklistEntry, CreditRecord
    from enterprises.models import Enterprise
    from pools.models import NominationEvent
    from programs.models import Park
    from reporting.models import FigureImport

    from . import panels
    from .services import refresh_after_commit

    models = [FigureImport, CreditRecord, BlacklistEntry, Enterprise, Park]
    for source in panels.sources():
        models.extend(getattr(source, "refresh_on", []))
    for model in models:
        post_save.connect(refresh_after_commit, sender=model, dispatch_uid=f"cockpit-{model._meta.label}")
    post_save.connect(_after_decision, sender=NominationEvent, dispatch_uid="cockpit-nomination-decision")


# Drafts, edits, comments and submissions move no entry in or out of a pool.
DECISIONS = frozenset({"approve", "override", "reject", "return", "remove"})


def _after_decision(sender, instance, created=False, **kwargs) -> None:
    from .services import refresh_after_commit

    if created and instance.action in DECISIONS:
        refresh_after_commit()
