"""The quarterly review: rules propose colours from the quarter's data, the office edits and confirms;
confirming asks the escalation rules, which propose (never decide) a 约谈."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessment import services
from assessment.models import CaseState, QuarterlyReview, ReviewRating, SupervisionCase

pytestmark = pytest.mark.django_db


def _rating(review, **unit):
    return ReviewRating.objects.get(review=review, **unit)


def test_rules_propose_colours_from_the_quarters_data(world, office_user, town, other_town, department_user):
    review = services.quarterly_review_generate(
        actor=office_user, programme=world["programme"], year=2018, quarter=2, today=world["today"]
    )
    a = _rating(review, town=town)
    # Q2: two reports due (April on time, May late): 50% is below 70%
    assert a.metrics["on_time_rate"] == "50.00" and a.proposed == "red" == a.colour
    assert [r["rule"] for r in a.reasons] == ["t-on-time-yellow", "t-on-time-red"]
    assert "按时率低于70%" in a.comment
    b = _rating(review, town=other_town)
    assert b.proposed == "green" and b.metrics == {}  # no report due, no milestone: nothing fires
    d = _rating(review, department=department_user.department)
    assert d.metrics["pending_reviews_15"] == "2" and d.proposed == "red"


def test_generating_again_keeps_the_offices_edits_and_one_review(world, office_user, other_town):
    programme = world["programme"]
    review = services.quarterly_review_generate(
        actor=office_user, programme=programme, year=2018, quarter=2, today=world["today"]
    )
    b = _rating(review, town=other_town)
    services.review_rating_update(
        actor=office_user, rating=b, colour="yellow", comment="未报送企业名单，请核实。"
    )
    again = services.quarterly_review_generate(
        actor=office_user, programme=programme, year=2018, quarter=2, today=world["today"]
    )
    assert again.pk == review.pk and QuarterlyReview.objects.count() == 1
    b.refresh_from_db()
    assert (b.colour, b.proposed, b.edited) == ("yellow", "green", True)


def test_only_the_office_generates_edits_and_confirms(world, town_user, department_user, office_user, town):
    with pytest.raises(PermissionDenied):
        services.quarterly_review_generate(
            actor=town_user, programme=world["programme"], year=2018, quarter=2, today=world["today"]
        )
    review = services.quarterly_review_generate(
        actor=office_user, programme=world["programme"], year=2018, quarter=2, today=world["today"]
    )
    with pytest.raises(PermissionDenied):
        services.review_confirm(actor=department_user, review=review)
    review = services.review_confirm(actor=office_user, review=review)
    with pytest.raises(ValidationError):
        services.review_rating_update(
            actor=office_user, rating=_rating(review, town=town), colour="green", comment="改"
        )


def test_a_town_sees_its_own_rating_only_once_confirmed(world, office_user, town_user, other_town_user, town):
    review = services.quarterly_review_generate(
        actor=office_user, programme=world["programme"], year=2018, quarter=2, today=world["today"]
    )
    assert not ReviewRating.objects.visible_to(town_user).exists()
    services.review_confirm(actor=office_user, review=review)
    assert list(ReviewRating.objects.visible_to(town_user)) == [_rating(review, town=town)]
    assert town not in [r.town for r in ReviewRating.objects.visible_to(other_town_user)]


def test_red_in_two_quarters_in_a_row_proposes_a_talk_and_decides_nothing(
    world, office_user, department_user
):
    programme, today = world["programme"], world["today"]
    for quarter in (1, 2):
        review = services.quarterly_review_generate(
            actor=office_user, programme=programme, year=2018, quarter=quarter, today=today
        )
        services.review_confirm(actor=office_user, review=review)
    cases = list(SupervisionCase.objects.all())
    assert len(cases) == 1  # the department (red twice); town A was green in Q1
    case = cases[0]
    assert (case.kind, case.state, case.department) == (
        "talk",
        CaseState.PROPOSED,
        department_user.department,
    )
    assert [(r["year"], r["quarter"], r["colour"]) for r in case.trigger["ratings"]] == [
        (2018, 2, "red"),
        (2018, 1, "red"),
    ]
    # a proposal is the office's alone until decided
    assert not SupervisionCase.objects.visible_to(department_user).exists()
    # asking again proposes nothing new
    assert services.escalation_propose(actor=office_user, review=review) == []
