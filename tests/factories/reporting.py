from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from pools.models import Nomination, NominationState
from reporting.figures import FIGURE_CODES, NOT_CUMULATIVE
from reporting.models import (
    DevelopmentPlan,
    Figure,
    FigureGrant,
    FigureSource,
    Milestone,
    Report,
    ReportDue,
    ReportState,
)

from .enterprises import EnterpriseFactory
from .programs import PoolFactory


def report_figures(value="100.00", ytd="300.00", employees="120", **overrides) -> dict:
    """A complete set of a month's figures: every money figure with `value` and `ytd`, head count."""
    out = {}
    for code in FIGURE_CODES:
        out[code] = {"value": employees} if code in NOT_CUMULATIVE else {"value": value, "ytd": ytd}
    for code, parts in overrides.items():
        out[code] = parts
    return out


class PoolEntryFactory(DjangoModelFactory):
    """An approved nomination: the enterprise is in the pool for the year."""

    class Meta:
        model = Nomination

    pool = factory.SubFactory(PoolFactory)
    programme = factory.SelfAttribute("pool.programme")
    year = factory.LazyAttribute(lambda o: o.pool.programme.start_year)
    enterprise = factory.SubFactory(EnterpriseFactory)
    town = factory.SelfAttribute("enterprise.town")
    state = NominationState.APPROVED
    path_plan = "围绕主导产业延链补链，实施智能化技术改造。"
    decided_at = factory.LazyFunction(timezone.now)


class FigureFactory(DjangoModelFactory):
    class Meta:
        model = Figure

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2018
    month = 0
    metric = "output"
    source = FigureSource.OFFICIAL
    value = Decimal("1000.00")
    ytd = None


class FigureGrantFactory(DjangoModelFactory):
    class Meta:
        model = FigureGrant
        django_get_or_create = ("department_code", "metric")

    department_code = "statistics"
    metric = "output"


class ReportFactory(DjangoModelFactory):
    class Meta:
        model = Report

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2018
    month = 3
    state = ReportState.DRAFT
    figures = factory.LazyFunction(report_figures)

    class Params:
        submitted = factory.Trait(
            state=ReportState.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )
        confirmed = factory.Trait(
            state=ReportState.CONFIRMED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
        )


class ReportDueFactory(DjangoModelFactory):
    class Meta:
        model = ReportDue

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2018
    month = 3
    due_on = factory.LazyAttribute(lambda o: date(o.year + (o.month == 12), o.month % 12 + 1, 5))

    @factory.post_generation
    def late_summary(obj, create, extracted, **kwargs):
        """The late list's summary follows, as the services keep it when they create a due."""
        if create:
            from reporting.services import late_summary

            late_summary.refresh([obj.enterprise_id])


class DevelopmentPlanFactory(DjangoModelFactory):
    class Meta:
        model = DevelopmentPlan

    nomination = factory.SubFactory(PoolEntryFactory)
    enterprise = factory.SelfAttribute("nomination.enterprise")
    town = factory.SelfAttribute("nomination.town")
    path_solution = "建设智能化生产线。"


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    plan = factory.SubFactory(DevelopmentPlanFactory)
    title = factory.Sequence(lambda n: f"节点{n}")
    due_on = date(2018, 6, 30)
