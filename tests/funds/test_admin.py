"""The funds on the admin site: every changelist opens for a superuser with its rows, and nothing can
be added, changed or deleted there (the services alone write the funds); the system administrator
holds no fund rights and the office never reaches the admin site."""

from decimal import Decimal

import pytest

from funds.models import Guarantee, JournalEntry
from funds.services import guidance as guidance_services
from tests.factories import AdminUserFactory, OfficeUserFactory, SuperuserFactory

from .support_guarantees import apply, bank_user, pool_enterprise

pytestmark = pytest.mark.django_db

MODELS = (
    "fund", "subfund", "contributor", "accountbalance", "journalentry", "bridgeloan", "guarantee",
    "guaranteeclaim", "guaranteerecovery", "guidanceinvestment", "capitalcall", "distribution",
)  # fmt: skip


@pytest.fixture
def rows(programme, funds, agency_user):
    guarantee = apply(bank_user(), funds["guarantee"], pool_enterprise(programme), "1000000.00")
    guidance_services.investment_create(
        actor=agency_user,
        fund=funds["guidance"],
        enterprise=pool_enterprise(programme, name="临沂罗庄引导基金被投企业"),
        amount=Decimal("1000000.00"),
        co_investors=[("临沂产业投资有限公司", Decimal("5000000.00"))],
    )
    return guarantee


def test_each_changelist_opens_read_only_for_a_superuser(client, rows):
    client.force_login(SuperuserFactory())
    for model in MODELS:
        response = client.get(f"/admin/funds/{model}/")
        assert response.status_code == 200, model
        assert client.get(f"/admin/funds/{model}/add/").status_code == 403, model
    assert "临沂罗庄引导基金被投企业" in client.get("/admin/funds/guidanceinvestment/").content.decode()
    entry = JournalEntry.objects.first()
    assert client.get(f"/admin/funds/journalentry/{entry.pk}/change/").status_code == 200
    assert client.post(f"/admin/funds/guarantee/{rows.pk}/change/", {"principal": "1"}).status_code == 403
    assert client.post(f"/admin/funds/guarantee/{rows.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Guarantee.objects.get(pk=rows.pk).principal == Decimal("1000000.00")


def test_the_system_administrator_and_the_office_cannot_open_them(client, rows):
    from accounts.services import grant_admin_permissions

    administrator = AdminUserFactory(username="accounts_admin", is_superuser=False)
    grant_admin_permissions(administrator)
    client.force_login(administrator)
    assert client.get("/admin/funds/guarantee/").status_code == 403
    client.force_login(OfficeUserFactory())
    assert client.get("/admin/funds/guarantee/").status_code == 302
