"""Switching the current programme is one locked, audited step (programs.services.programme_make_current):
never none current, never two, and the office reads a sentence, not a constraint's name."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.audit_messages import encode
from core.models import AuditLog
from programs import services
from programs.loader import programme_load, read_file
from programs.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(programme):
    """A second plan beside 罗发〔2016〕23号, loaded, then the first made current again."""
    plan = programme_load(data=read_file("tests/programs/data/second-plan-2020-2022.yaml"))
    Programme.objects.filter(pk=plan.pk).update(is_current=False)
    Programme.objects.filter(pk=programme.pk).update(is_current=True)
    plan.refresh_from_db()
    return plan


def _form_data(programme, **changes):
    data = {
        "doc_number": programme.doc_number,
        "title": programme.title,
        "issuer": programme.issuer,
        "issued_on": programme.issued_on.isoformat() if programme.issued_on else "",
        "valid_until": programme.valid_until.isoformat() if programme.valid_until else "",
        "leading_industries": [li.pk for li in programme.leading_industries.all()],
        "is_current": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_office_switches_the_current_programme_on_the_edit_page(
    client_for, office_user, programme, second
):
    # when the office ticks 当前执行 on the second plan and saves
    response = client_for(office_user).post(
        reverse("programs:record_edit", args=["programme", second.pk]), _form_data(second)
    )
    # then the second plan is the only current one, and the switch is one audit row
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Programme.objects.filter(is_current=True)) == [second]
    assert AuditLog.objects.filter(message=encode("programme.made_current")).count() == 1


def test_a_failed_edit_leaves_the_current_programme_as_it_was(office_user, programme, second):
    # when a switch fails validation half-way (a blank title)
    with pytest.raises(ValidationError):
        services.policy_record_update(
            actor=office_user, instance=second, data={"title": "", "is_current": True}
        )
    # then the first plan is still current (the clearing was rolled back with the edit)
    assert list(Programme.objects.filter(is_current=True)) == [programme]


def test_unticking_the_current_programme_is_refused_with_a_sentence(
    client_for, office_user, programme, second
):
    response = client_for(office_user).post(
        reverse("programs:record_edit", args=["programme", programme.pk]),
        _form_data(programme, is_current=None),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "须始终有一个当前执行的方案" in page
    assert "one_current_programme" not in page
    assert list(Programme.objects.filter(is_current=True)) == [programme]
