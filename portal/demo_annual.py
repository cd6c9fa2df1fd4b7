"""Demo annual summary (一年一总结): a draft of the dispatch demo year, compiled from its published
reports, reviews, runs and cases. Idempotent: the draft is regenerated, a published one left as it is."""

from programs.models import Programme


def seed_annual(programme: Programme) -> dict:
    from assessment.services.annual import generate_annual_summary

    if programme != Programme.objects.current():
        return {"annual": 0}
    summary = generate_annual_summary(programme.end_year)
    return {"annual": summary.pk, "state": summary.state}
