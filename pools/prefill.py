"""The latest figures the portal holds for a nomination's subject, with their source and period.

Sources, most authoritative first: the enterprise's figures of the latest full year (reporting: official
statistics over confirmed self-reports, with derived growth), the project registry (总投资), then the
figures of the subject's most recent earlier nomination.
"""

from django.utils.translation import gettext as _

from programs.models import Criterion, Metric

from .models import Nomination

# Figure sources registered by the apps that hold enterprise figures (reporting registers its
# official-over-self figures in its AppConfig.ready): pools sits below reporting and cannot import it.
# Each is called as source(enterprise=..., year=..., wanted=...) -> (metrics, sources).
FIGURE_SOURCES: list = []


def register_figure_source(source) -> None:
    if source not in FIGURE_SOURCES:
        FIGURE_SOURCES.append(source)


def prefill_figures(*, pool, year: int, enterprise=None, project=None) -> tuple[dict, dict]:
    """Returns (metrics, sources) for the pool's quantitative criteria."""
    wanted = {c.metric for c in pool.criteria.all() if c.kind == Criterion.Kind.QUANTITATIVE}
    metrics, sources = {}, {}
    if enterprise is not None:
        # First: the latest full year's figures (official statistics over confirmed self-reports) and their growth.
        for source in FIGURE_SOURCES:
            found, found_sources = source(enterprise=enterprise, year=year, wanted=wanted - set(metrics))
            metrics.update(found)
            sources.update(found_sources)
    if project is not None and Metric.TOTAL_INVESTMENT in wanted:
        metrics[Metric.TOTAL_INVESTMENT] = str(project.total_investment)
        sources[Metric.TOTAL_INVESTMENT] = {"source": _("项目登记"), "period": str(project.start_year or "")}
    earlier = (
        Nomination.objects.filter(enterprise=enterprise, project=project)
        .exclude(metrics={})
        .order_by("-year", "-updated_at")
        .only("year", "metrics", "metric_sources")
    )
    for previous in earlier[:5]:
        for metric, value in previous.metrics.items():
            if metric in wanted and metric not in metrics:
                metrics[metric] = value
                sources[metric] = {
                    "source": _("%(year)s年申报") % {"year": previous.year},
                    "period": previous.metric_sources.get(metric, {}).get("period", str(previous.year - 1)),
                }
    return metrics, sources
