"""List pages cost a fixed number of queries, however many rows there are (no N+1).

Each page is opened with a few rows and then with many; the query count must stay under the
page's budget and must not grow with the rows.
"""

from decimal import Decimal

import pytest

from core import audit
from core.models import AuditAction
from programs.models import Department, LeadingIndustry, Park, Town
from tests.factories import (
    CriterionFactory,
    DistrictIndicatorFactory,
    EnterpriseFactory,
    PoolFactory,
    PoolQuotaFactory,
    ProjectFactory,
    YearTargetFactory,
)

FEW, MANY = 5, 60


class Seeder:
    """Adds rows of one kind, spread over towns, industries, parks and departments, so that every
    related object a row shows is a different one (which is what makes an N+1 visible)."""

    def __init__(self, programme, office_user):
        self.programme = programme
        self.office = office_user
        self.towns = list(Town.objects.all())
        self.leading = list(LeadingIndustry.objects.all())
        self.parks = list(Park.objects.all())
        self.departments = list(Department.objects.all())
        self.path = programme.paths.order_by("order").first()
        self.n = 0

    def _pick(self, items):
        return items[self.n % len(items)]

    def enterprises(self, count):
        for _ in range(count):
            self.n += 1
            EnterpriseFactory(
                town=self._pick(self.towns),
                leading_industry=self._pick(self.leading),
                is_above_scale=self.n % 2 == 0,
            )

    def projects(self, count):
        for _ in range(count):
            self.n += 1
            enterprise = EnterpriseFactory(town=self._pick(self.towns))
            ProjectFactory(
                enterprise=enterprise,
                leading_industry=self._pick(self.leading),
                park=self._pick(self.parks),
                total_investment=Decimal(1000 + self.n),
            )

    def audit_rows(self, count):
        for _ in range(count):
            self.n += 1
            enterprise = EnterpriseFactory(town=self._pick(self.towns))
            before = audit.snapshot(enterprise)
            audit.record(
                actor=self.office,
                action=AuditAction.UPDATE,
                instance=enterprise,
                before=before,
                after={**before, "name": f"改名{self.n}"},
                message=f"row {self.n}",
            )

    def pools(self, count):
        year = self.programme.start_year
        for _ in range(count):
            self.n += 1
            pool = PoolFactory(
                programme=self.programme,
                path=self.path,
                order=100 + self.n,
                lead_departments=[self._pick(self.departments)],
            )
            pool.responsible_departments.set([self.departments[(self.n + 1) % len(self.departments)]])
            CriterionFactory(pool=pool)
            CriterionFactory(pool=pool, quantitative=True)
            PoolQuotaFactory(pool=pool, year=year)

    def indicators(self, count):
        for _ in range(count):
            self.n += 1
            indicator = DistrictIndicatorFactory(programme=self.programme, order=100 + self.n)
            indicator.lead_departments.set([self._pick(self.departments)])
            for year in self.programme.years:
                YearTargetFactory(indicator=indicator, year=year, actual=Decimal(self.n))

    def office_home(self, count):
        self.enterprises(count)
        self.projects(count)
        self.audit_rows(count)
        self.indicators(count)


# page → (what grows on it, query budget). The budgets are today's counts plus two: session, user,
# notifications badge, session save (savepoint, update, release), the filter choices and the page.
PAGES = {
    "/enterprises/": ("enterprises", 13),
    "/enterprises/?scale=above&q=临沂": ("enterprises", 13),
    "/enterprises/projects/": ("projects", 13),
    "/programme/": ("pools", 16),
    "/programme/targets/": ("indicators", 13),
    "/home/office/": ("office_home", 16),
}


@pytest.mark.parametrize("url", list(PAGES))
def test_list_page_queries_do_not_grow_with_rows(
    programme, office_user, client_for, django_assert_max_num_queries, url
):
    kind, budget = PAGES[url]
    seed = getattr(Seeder(programme, office_user), kind)
    client = client_for(office_user)
    client.get(url)  # warm up per-process caches (content types), as on a running server
    # given a few rows
    seed(FEW)
    # when the office opens the page
    with django_assert_max_num_queries(budget) as few:
        response = client.get(url)
    assert response.status_code == 200
    # and again with many more rows
    seed(MANY - FEW)
    with django_assert_max_num_queries(budget) as many:
        response = client.get(url)
    assert response.status_code == 200
    # then the page costs the same number of queries
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


# The audit trail is read by the audit administrator only (三员分立).
@pytest.mark.parametrize(("url", "budget"), [("/audit/", 11), ("/home/audit/", 10)])
def test_audit_administrator_pages_queries_do_not_grow_with_rows(
    programme, office_user, audit_admin_user, client_for, django_assert_max_num_queries, url, budget
):
    seeder = Seeder(programme, office_user)
    client = client_for(audit_admin_user)
    client.get(url)
    seeder.audit_rows(FEW)
    with django_assert_max_num_queries(budget) as few:
        assert client.get(url).status_code == 200
    seeder.audit_rows(MANY - FEW)
    with django_assert_max_num_queries(budget) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_security_administrator_lists_do_not_grow_with_rows(
    security_admin_user, client_for, django_assert_max_num_queries
):
    from knox.models import AuthToken

    from tests.factories import TownUserFactory

    client = client_for(security_admin_user)
    for url in ("/accounts/security/tokens/", "/accounts/security/lockouts/", "/home/security/"):
        client.get(url)
        for _n in range(FEW):
            AuthToken.objects.create(user=TownUserFactory())
        with django_assert_max_num_queries(10) as few:
            assert client.get(url).status_code == 200
        for _n in range(MANY - FEW):
            AuthToken.objects.create(user=TownUserFactory())
        with django_assert_max_num_queries(10) as many:
            assert client.get(url).status_code == 200
        assert len(many) == len(few)


# The town home also reads the open windows and the town's nominations to act on (four queries).
@pytest.mark.parametrize(
    ("url", "kind", "budget"),
    [
        ("/enterprises/", "enterprises", 13),
        ("/enterprises/projects/", "projects", 13),
        ("/home/town/", "enterprises", 16),
    ],
)
def test_town_pages_queries_do_not_grow_with_rows(
    programme, office_user, town_user, client_for, django_assert_max_num_queries, url, kind, budget
):
    seeder = Seeder(programme, office_user)
    seeder.towns = [town_user.town]
    seed = getattr(seeder, kind)
    client = client_for(town_user)
    client.get(url)
    seed(FEW)
    with django_assert_max_num_queries(budget) as few:
        assert client.get(url).status_code == 200
    seed(MANY - FEW)
    with django_assert_max_num_queries(budget) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_seeding_really_adds_the_rows(programme, office_user, client_for):
    # guards the test above: the pages do show the rows it counts queries for
    seeder = Seeder(programme, office_user)
    seeder.enterprises(MANY)
    seeder.pools(3)
    client = client_for(office_user)
    assert client.get("/enterprises/").context["page"].paginator.count >= MANY
    assert len(client.get("/enterprises/").context["page"]) == 25
    shown = sum(len(p["pools"]) for p in client.get("/programme/").context["paths"])
    assert shown == programme.pools.count()
