"""Least privilege in the nomination cycle: until the town submits, a nomination is its draft — the
pool's departments neither read nor comment on it (page and API); once submitted it stays visible to
them, also after the lead department returns it."""

import pytest
from django.core.exceptions import PermissionDenied

from pools import permissions, services
from pools.models import Nomination, NominationEvent, NominationState

from .support import nominate, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(backbone, open_window, town_user, enterprise):
    return nominate(town_user, backbone, enterprise)


def test_a_department_cannot_read_a_draft(client_for, draft, department_user, responsible_user):
    # given a draft of the backbone pool, and its lead and responsible departments
    for reviewer in (department_user, responsible_user):
        client = client_for(reviewer)
        # when each opens it on the page and through the API
        # then it is not found, and the lists do not show it
        assert client.get(f"/pools/nominations/{draft.pk}/").status_code == 404
        assert client.get(f"/api/v1/nominations/{draft.pk}/").status_code == 404
        assert draft.pk not in [n["id"] for n in client.get("/api/v1/nominations/").json()["results"]]
        assert not Nomination.objects.visible_to(reviewer).filter(pk=draft.pk).exists()


def test_a_department_cannot_comment_on_a_draft(client_for, draft, department_user, responsible_user):
    for reviewer in (department_user, responsible_user):
        # when a department posts a comment on the draft
        response = client_for(reviewer).post(f"/pools/nominations/{draft.pk}/comment/", {"comment": "请补充"})
        # then it is not found and no comment is written
        assert response.status_code == 404
        # and the permission the service asks says why
        decision = permissions.can_comment(reviewer, draft)
        assert not decision and decision.reason == "申报提交前是街镇的草稿，部门在提交后才能发表意见。"
        with pytest.raises(PermissionDenied):
            services.nomination_comment(actor=reviewer, nomination=draft, comment="请补充")
    assert not NominationEvent.objects.filter(
        nomination=draft, action=NominationEvent.Action.COMMENT
    ).exists()


def test_the_town_and_the_office_still_see_the_draft(client_for, draft, town_user, office_user):
    for user in (town_user, office_user):
        assert client_for(user).get(f"/pools/nominations/{draft.pk}/").status_code == 200


def test_a_submitted_nomination_stays_visible_to_its_departments_after_a_return(
    client_for, open_window, draft, town_user, department_user, responsible_user
):
    # given the town submits, and the lead department returns it
    submit(town_user, draft)
    services.nomination_transition(
        actor=department_user, nomination=draft, action="return", comment="请补充材料"
    )
    draft.refresh_from_db()
    assert draft.state == NominationState.RETURNED
    # then both departments still read it and may comment
    for reviewer in (department_user, responsible_user):
        assert client_for(reviewer).get(f"/pools/nominations/{draft.pk}/").status_code == 200
        assert permissions.can_comment(reviewer, draft)
