"""Who may write is answered before the body is read: an outsider posting a registered USCC and an
unregistered one gets the same answer, so the API does not tell it which enterprises exist."""

import json

import pytest

from enterprises.uscc import make_uscc
from tests.factories import EnterpriseFactory, SourceUserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"
UNREGISTERED = make_uscc("371311", 777001)


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_an_outsider_registering_an_enterprise_gets_403_whether_or_not_the_uscc_exists(
    client_for, enterprise_user, department_user
):
    registered = EnterpriseFactory()
    for outsider in (enterprise_user, department_user):
        client = client_for(outsider)
        # when the outsider posts a registered USCC and an unregistered one
        answers = [
            _post(client, f"{API}/enterprises/", {"uscc": uscc, "name": "临沂测试有限公司"}).status_code
            for uscc in (registered.uscc, UNREGISTERED)
        ]
        # then both are refused alike, for who it is
        assert answers == [403, 403]


def test_an_outsider_recording_credit_gets_403_whether_or_not_the_uscc_exists(
    client_for, programme, department_user
):
    registered = EnterpriseFactory()
    court = SourceUserFactory(username="court", source="court")
    for outsider, kind in ((department_user, "court"), (court, "tax")):
        client = client_for(outsider)
        answers = [
            _post(
                client,
                f"{API}/credit/records/",
                {"uscc": uscc, "kind": kind, "severity": "minor", "title": "x", "occurred_on": "2024-01-01"},
            ).status_code
            for uscc in (registered.uscc, UNREGISTERED)
        ]
        assert answers == [403, 403]


def test_an_outsider_editing_gets_403_before_its_body_is_checked(client_for, other_town_user, enterprise):
    # given another town's official  when  it patches an enterprise with a valid and an invalid body
    client = client_for(other_town_user)
    answers = [
        client.patch(
            f"{API}/enterprises/{enterprise.pk}/", json.dumps(body), content_type="application/json"
        ).status_code
        for body in ({"name": "改名有限公司"}, {"uscc": "not a code", "industry": "nope"})
    ]
    # then neither answer depends on the body
    assert answers[0] == answers[1] and answers[0] in (403, 404)


def test_a_non_town_account_nominating_gets_403_before_the_body_is_checked(
    client_for, programme, enterprise_user
):
    client = client_for(enterprise_user)
    answers = [
        _post(client, f"{API}/nominations/", body).status_code for body in ({}, {"pool": "x", "year": "y"})
    ]
    assert answers == [403, 403]


def test_a_non_enterprise_account_starting_a_report_gets_403_before_the_body_is_checked(
    client_for, town_user
):
    client = client_for(town_user)
    answers = [
        _post(client, f"{API}/reports/", body).status_code for body in ({}, {"year": 2024, "month": 99})
    ]
    assert answers == [403, 403]
