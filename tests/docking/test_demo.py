"""The docking demo: bank accounts by `bank_<code>` (shared with the funds demo), a held meeting with
intentions in every state, specialists and visits, applications in every state and two waiting too long;
a second run adds nothing."""

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import Role, User
from docking import selectors
from docking.models import Intention, LoanApplication, Meeting, Specialist, Visit
from portal.demo_docking import seed_docking
from tests.factories import PoolFactory

from .support import financial_office_user, pool_entry

pytestmark = pytest.mark.django_db


def test_seed_docking_fills_every_state_once(programme):
    fo = financial_office_user()
    pool = PoolFactory(programme=programme)
    for _ in range(9):
        pool_entry(pool)
    accounts = []
    seed_docking(accounts, make_password("x"), "x")
    banks = User.objects.filter(role=Role.BANK).order_by("username")
    assert banks.count() == 3 and all(u.username == f"bank_{u.bank.code}" for u in banks)
    assert sorted(a.username for a in accounts) == [u.username for u in banks]
    assert (
        Meeting.objects.filter(state="held").count() == 1
        and Meeting.objects.filter(state="planned").count() == 1
    )
    assert set(Intention.objects.values_list("state", flat=True)) == {"open", "converted", "dropped"}
    assert set(LoanApplication.objects.values_list("state", flat=True)) == {
        "applied",
        "approved",
        "disbursed",
        "refused",
    }
    waiting = selectors.applications_for(fo, waiting=True, today=timezone.localdate(), limit=30)
    assert waiting.count() == 2
    assert Specialist.objects.count() == 6 and Visit.objects.count() == 3
    # a second run adds no meeting and no account
    seed_docking([], make_password("x"), "x")
    assert Meeting.objects.count() == 2 and User.objects.filter(role=Role.BANK).count() == 3
