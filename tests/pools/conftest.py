"""Fixtures of the nomination cycle: the backbone pool (骨干型) led by 区经信局, an open window,
a responsible (not lead) department, evidence stored in a temporary private root, an API client
signed in with a token, and the pages tests' world of nominations in each state."""

import pytest
from django.utils.functional import empty

from core.storage import private_storage
from pools import services
from programs.models import Department
from tests.factories import (
    DepartmentUserFactory,
    EnterpriseFactory,
    EvidenceFactory,
    NominationImportFactory,
    NominationWindowFactory,
)
from tests.factories.accounts import PASSWORD

from .api_support import API
from .support import YEAR, World, approved, nominate, qualitative, submitted


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Evidence and imports go to a temporary PRIVATE_MEDIA_ROOT; MEDIA_ROOT is elsewhere."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    private_storage._wrapped = empty  # the storage reads the setting when first used
    yield settings.PRIVATE_MEDIA_ROOT
    private_storage._wrapped = empty


@pytest.fixture
def backbone(programme, department_user):
    """骨干型: its lead department is the very row department_user belongs to (the loader upserts by code)."""
    pool = programme.pools.get(code="backbone")
    assert list(pool.lead_departments.values_list("pk", flat=True)) == [department_user.department_id]
    assert department_user.department.name == "区经信局"
    return pool


@pytest.fixture
def pool_of(programme):
    return lambda code: programme.pools.get(code=code)


@pytest.fixture
def open_window(programme, office_user):
    """The office opens the year's window for all pools (yesterday to a month from now)."""
    window = NominationWindowFactory.build(programme=programme, year=YEAR)
    return services.window_open(
        actor=office_user,
        programme=programme,
        year=YEAR,
        opens_on=window.opens_on,
        closes_on=window.closes_on,
    )


@pytest.fixture
def responsible_user(programme):
    """区财政局: responsible for (not leading) the backbone pool."""
    department = Department.objects.get(code="finance")
    assert department.responsible_pools.filter(code="backbone").exists()
    return DepartmentUserFactory(username="finance", department=department)


@pytest.fixture
def second_enterprise(town):
    return EnterpriseFactory(name="临沂丙新材料有限公司", town=town)


@pytest.fixture
def api(client):
    """api(user) → a client that sends `Authorization: Token …` obtained with the user's password."""

    def _api(user):
        client.logout()
        client.defaults.pop("HTTP_AUTHORIZATION", None)
        if user is not None:
            response = client.post(
                f"{API}/auth/token/",
                {"username": user.username, "password": PASSWORD},
                content_type="application/json",
            )
            assert response.status_code == 200, response.content
            client.defaults["HTTP_AUTHORIZATION"] = f"Token {response.json()['token']}"
        return client

    return _api


@pytest.fixture
def world(
    backbone,
    pool_of,
    open_window,
    users,
    other_town_user,
    other_enterprise_user,
    enterprise,
    second_enterprise,
    department_user,
):
    """The pages tests' world, for each role of `users` plus the other town and the other enterprise:
    {draft}: the enterprise user's enterprise, nominated by the town, not yet submitted (backbone 2018);
    {submitted}: the same enterprise in the “互联网+” pool, submitted, with a PDF as {evidence};
    {approved}: another enterprise of the town, an entry of the backbone pool; {draft_evidence} on the
    draft, a bulk upload {job}, the open {window} and a qualitative {criterion} of the submitted one."""
    town_user = users["town"]
    draft = nominate(town_user, backbone, enterprise)
    sent = submitted(town_user, pool_of("internet_plus"), enterprise, metrics={})
    entry = approved(town_user, department_user, backbone, second_enterprise)
    evidence = EvidenceFactory(nomination=sent, uploaded_by=town_user)
    draft_evidence = EvidenceFactory(nomination=draft, uploaded_by=town_user)
    job = NominationImportFactory(actor=town_user, pool=backbone, year=YEAR)
    ids = {
        "draft": draft.pk,
        "submitted": sent.pk,
        "approved": entry.pk,
        "evidence": evidence.pk,
        "draft_evidence": draft_evidence.pk,
        "job": job.pk,
        "window": open_window.pk,
        "criterion": qualitative(sent.pool)[0].pk,
    }
    all_users = {**users, "other_town": other_town_user, "other_enterprise": other_enterprise_user}
    return World(users=all_users, draft=draft, submitted=sent, approved=entry, ids=ids)
