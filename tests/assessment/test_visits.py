"""The half-year site visit: a plan of sites and a visiting group, each visitor's sheet, the ranking."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessment import selectors, services
from assessment.models import SiteVisit
from tests.factories import DepartmentUserFactory, PoolEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(world, office_user, department_user):
    second = PoolEntryFactory(pool=world["pool"], year=2018)
    visit = services.visit_create(
        actor=office_user,
        programme=world["programme"],
        year=2018,
        half=1,
        title="2018年上半年观摩",
        nominations=[world["entry"], second],
        members=[office_user, department_user],
    )
    return visit, world["entry"], second


def _site(visit, nomination):
    return visit.sites.get(nomination=nomination)


def test_visitors_score_each_site_and_the_ranking_is_the_mean(visit, office_user, department_user):
    v, first, second = visit
    services.visit_score(
        actor=office_user, site=_site(v, first), points={"progress": 30, "results": 30, "site": 10}
    )
    services.visit_score(
        actor=department_user, site=_site(v, first), points={"progress": 40, "results": 40, "site": 20}
    )
    services.visit_score(
        actor=office_user, site=_site(v, second), points={"progress": 40, "results": 35, "site": 15}
    )
    # scoring again replaces the visitor's sheet
    services.visit_score(
        actor=office_user, site=_site(v, second), points={"progress": 40, "results": 40, "site": 15}
    )
    ranking = selectors.visit_ranking(v)
    assert [(r["site"].nomination, r["mean"], r["sheets"], r["rank"]) for r in ranking] == [
        (second, D("95.00"), 1, 1),
        (first, D("85.00"), 2, 2),
    ]


def test_only_members_score_within_the_sheets_maximum_while_the_visit_is_open(visit, office_user, town_user):
    v, first, _second = visit
    outsider = DepartmentUserFactory()
    with pytest.raises(PermissionDenied):
        services.visit_score(
            actor=outsider, site=_site(v, first), points={"progress": 1, "results": 1, "site": 1}
        )
    with pytest.raises(ValidationError):
        services.visit_score(
            actor=office_user, site=_site(v, first), points={"progress": 41, "results": 1, "site": 1}
        )
    assert not SiteVisit.objects.visible_to(town_user).exists()
    services.visit_close(actor=office_user, visit=v)
    assert SiteVisit.objects.visible_to(town_user).exists()  # the ranking is published
    with pytest.raises(PermissionDenied):
        services.visit_score(
            actor=office_user, site=_site(v, first), points={"progress": 1, "results": 1, "site": 1}
        )
