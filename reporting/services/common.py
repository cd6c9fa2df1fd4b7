"""Shared by the modules of this package."""

from ..models import Figure
from ..workflow import REPORTS

AUDITED_FIELDS = REPORTS.audited_fields

FIGURE_KEY = ["enterprise", "year", "month", "metric", "source"]


def figures_upsert(figures: list[Figure]) -> None:
    """Each figure takes the place of the one of its key (enterprise, period, metric, source): its
    value, its year to date and where it came from (an import's batch and department, or a report)."""
    Figure.objects.bulk_create(
        figures,
        batch_size=5000,
        update_conflicts=True,
        unique_fields=FIGURE_KEY,
        update_fields=["value", "ytd", "batch", "department", "report", "updated_at"],
    )
