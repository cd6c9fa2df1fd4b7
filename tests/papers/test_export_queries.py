"""The exports, print views and queue pages cost the same number of queries with a few rows and with
many (no query per row): each is measured at FEW and MANY rows, spread over towns and industries."""

import pytest

from programs.models import Town
from tests.factories import (
    AuditAdminUserFactory,
    EnterpriseFactory,
    NominationFactory,
    ProjectFactory,
    ReportDueFactory,
)

pytestmark = pytest.mark.django_db
FEW, MANY = 3, 30
YEAR = 2018


class Rows:
    def __init__(self, programme):
        self.towns = list(Town.objects.all())
        self.backbone = programme.pools.get(code="backbone")
        self.chain_fill = programme.pools.get(code="chain_fill")
        self.n = 0

    def add(self, count):
        for _ in range(count):
            self.n += 1
            town = self.towns[self.n % len(self.towns)]
            enterprise = EnterpriseFactory(town=town)
            NominationFactory(
                pool=self.backbone,
                year=YEAR,
                town=town,
                enterprise=enterprise,
                approved=True,
                metrics={"output_value": str(500000 + self.n)},
                fails_quantitative=self.n % 2 == 0,
            )
            NominationFactory(
                pool=self.backbone,
                year=YEAR,
                town=town,
                enterprise=EnterpriseFactory(town=town),
                submitted=True,
            )
            project = ProjectFactory(enterprise=EnterpriseFactory(town=town))
            NominationFactory(
                pool=self.chain_fill, year=YEAR, town=town, enterprise=None, project=project, approved=True
            )
            ReportDueFactory(enterprise=enterprise, year=YEAR, month=3)


URLS = [
    f"/pools/{YEAR}/backbone/export.xlsx",
    f"/pools/{YEAR}/chain_fill/export.xlsx",
    f"/pools/{YEAR}/backbone/print/",
    f"/pools/{YEAR}/backbone/print.pdf",
    "/pools/nominations/export.xlsx",
    "/pools/review/export.xlsx",
    "/pools/review/",
    "/reporting/late/",
    "/reporting/late/export.xlsx",
    "/enterprises/export.xlsx",
]


@pytest.mark.parametrize("url", URLS)
def test_exports_and_queues_do_not_grow_with_rows(
    programme, office_user, client_for, django_assert_max_num_queries, url
):
    rows = Rows(programme)
    client = client_for(office_user)
    client.get(url)  # per-process caches (content types) warmed, as on a running server
    rows.add(FEW)
    with django_assert_max_num_queries(25) as few:
        assert client.get(url).status_code == 200
    rows.add(MANY - FEW)
    with django_assert_max_num_queries(25) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


def test_the_audit_export_does_not_grow_with_rows(
    programme, office_user, client_for, django_assert_max_num_queries
):
    rows = Rows(programme)
    client = client_for(AuditAdminUserFactory())
    client.get("/audit/export.xlsx")
    rows.add(FEW)
    with django_assert_max_num_queries(25) as few:
        assert client.get("/audit/export.xlsx").status_code == 200
    rows.add(MANY - FEW)
    with django_assert_max_num_queries(25) as many:
        assert client.get("/audit/export.xlsx").status_code == 200
    assert len(many) == len(few)
