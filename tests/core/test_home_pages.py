"""Role home pages show the unit's own work: a town its to-do nominations and the open windows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pools import services as pool_services
from pools.models import NominationState
from programs.models import Pool

pytestmark = pytest.mark.django_db


def test_town_home_lists_its_returned_and_draft_nominations_and_open_windows(
    client_for, programme, office_user, town_user, other_town_user, enterprise, other_enterprise
):
    backbone = Pool.objects.get(programme=programme, code="backbone")
    today = timezone.localdate()
    pool_services.window_open(
        actor=office_user,
        programme=programme,
        year=2019,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=20),
    )
    pool_services.nomination_create(actor=town_user, pool=backbone, year=2019, enterprise=enterprise)
    pool_services.nomination_create(
        actor=other_town_user, pool=backbone, year=2019, enterprise=other_enterprise
    )
    # when the town opens its home page
    page = client_for(town_user).get("/home/town/").content.decode()
    # then its own draft is on the to-do list, the other town's is not, and the open window is shown
    assert enterprise.name in page and other_enterprise.name not in page
    assert str(NominationState.DRAFT.label) in page
    assert f"{today + timedelta(days=20):%Y-%m-%d}" in page


def test_town_home_queries_do_not_grow_with_nominations(
    client_for, programme, town_user, django_assert_max_num_queries
):
    from tests.factories import EnterpriseFactory, NominationWindowFactory

    backbone = Pool.objects.get(programme=programme, code="backbone")
    NominationWindowFactory(programme=programme, year=2019)
    for _ in range(12):
        pool_services.nomination_create(
            actor=town_user, pool=backbone, year=2019, enterprise=EnterpriseFactory(town=town_user.town)
        )
    client = client_for(town_user)
    client.get("/home/town/")
    with django_assert_max_num_queries(16):
        assert client.get("/home/town/").status_code == 200
