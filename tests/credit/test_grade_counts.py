"""The credit overview's summary (credit.models.GradeCount, kept by credit/summary.py) equals a count of the
enterprises by town, industry and current grade right after each event that changes it: a rating run, one
enterprise re-rated, an enterprise created, moved to another town or industry, deleted; and the overview reads
it in a pinned number of queries, the same at two data sizes."""

import pytest
from django.db.models import Count, Value
from django.db.models.functions import Coalesce

from credit.models import GradeCount, RatingTrigger
from credit.rating import rate_all, rate_enterprise
from credit.summary import refresh_grade_counts
from enterprises.models import Enterprise
from tests.factories import CreditRecordFactory, EnterpriseFactory, IndustryFactory

pytestmark = pytest.mark.django_db


def counted() -> dict:
    """What the summary must hold: every enterprise counted now, by (town, industry, grade)."""
    rows = (
        Enterprise.objects.order_by()
        .values("town_id", "industry_id")
        .annotate(grade=Coalesce("credit_status__grade", Value("")), n=Count("id"))
    )
    return {(r["town_id"], r["industry_id"], r["grade"]): r["n"] for r in rows}


def summary() -> dict:
    return {(c.town_id, c.industry_id, c.grade): c.n for c in GradeCount.objects.filter(n__gt=0)}


def test_a_rating_run_rewrites_the_summary_of_every_town(town, other_town):
    enterprises = [EnterpriseFactory(town=t) for t in (town, other_town, town)]
    CreditRecordFactory(enterprise=enterprises[0], kind_code="court", severity="severe")
    GradeCount.objects.all().delete()  # even a summary lost since is whole again after the monthly run

    rate_all(trigger=RatingTrigger.SCHEDULE)

    assert summary() == counted()
    assert {grade for (_t, _i, grade) in summary()} == {"BBB", "C"}  # no record; a severe court record
    assert sum(summary().values()) == 3


def test_re_rating_one_enterprise_moves_it_to_its_new_grade(town):
    enterprise = EnterpriseFactory(town=town)
    EnterpriseFactory(town=town, industry=enterprise.industry)
    rate_all(trigger=RatingTrigger.SCHEDULE)
    before = summary()

    CreditRecordFactory(enterprise=enterprise, kind_code="court", severity="severe")
    rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.RECORD)

    assert summary() == counted() != before


def test_an_enterprise_created_is_counted_unrated_at_once(town):
    rate_all(trigger=RatingTrigger.SCHEDULE)

    enterprise = EnterpriseFactory(town=town)

    assert summary() == counted()
    assert summary()[(town.pk, enterprise.industry_id, "")] == 1


def test_an_enterprise_moved_to_another_town_or_industry_takes_its_grade_along(town, other_town):
    enterprise = EnterpriseFactory(town=town)
    CreditRecordFactory(enterprise=enterprise, kind_code="court", severity="severe")
    rate_all(trigger=RatingTrigger.SCHEDULE)
    grade = enterprise.credit_status.grade

    enterprise.town = other_town
    enterprise.save()
    assert summary() == counted() == {(other_town.pk, enterprise.industry_id, grade): 1}

    enterprise.industry = IndustryFactory()
    enterprise.save()
    assert summary() == counted() == {(other_town.pk, enterprise.industry_id, grade): 1}

    enterprise.name = "临沂改名有限公司"  # nothing counted changes
    enterprise.save()
    assert summary() == counted()


def test_an_enterprise_deleted_is_no_longer_counted(town):
    kept = EnterpriseFactory(town=town)
    rate_all(trigger=RatingTrigger.SCHEDULE)
    gone = EnterpriseFactory(town=town, industry=kept.industry)  # entered by mistake, never rated

    gone.delete()

    assert summary() == counted() == {(town.pk, kept.industry_id, kept.credit_status.grade): 1}


def test_a_refresh_of_some_towns_leaves_the_others(town, other_town):
    EnterpriseFactory(town=town), EnterpriseFactory(town=other_town)
    rate_all(trigger=RatingTrigger.SCHEDULE)
    GradeCount.objects.filter(town=other_town).update(n=7)

    refresh_grade_counts(town_ids=[town.pk])

    assert GradeCount.objects.get(town=other_town).n == 7
    assert GradeCount.objects.get(town=town).n == 1


def test_the_overview_reads_the_summary_in_the_same_pinned_queries_at_two_sizes(
    client_for, office_user, town, other_town, django_assert_max_num_queries
):
    client = client_for(office_user)
    for t in (town, other_town):
        EnterpriseFactory(town=t)
    rate_all(trigger=RatingTrigger.SCHEDULE)
    with django_assert_max_num_queries(12) as few:
        small = client.get("/credit/overview/")
    for i in range(30):
        EnterpriseFactory(town=(town, other_town)[i % 2])
    rate_all(trigger=RatingTrigger.SCHEDULE)
    with django_assert_max_num_queries(12) as many:
        large = client.get("/credit/overview/")

    assert len(many) == len(few)
    assert small.context["dist"]["enterprises"] == 2 and large.context["dist"]["enterprises"] == 32
    by_town = {row["name"]: row["total"] for row in large.context["chart"]["towns"]}
    assert by_town == {town.name: 16, other_town.name: 16}


def test_the_summary_is_scoped_as_the_enterprises_counted(
    town, other_town, office_user, town_user, enterprise_user, admin_user
):
    EnterpriseFactory(town=town), EnterpriseFactory(town=other_town)
    rate_all(trigger=RatingTrigger.SCHEDULE)

    assert {c.town_id for c in GradeCount.objects.visible_to(office_user)} == {town.pk, other_town.pk}
    assert {c.town_id for c in GradeCount.objects.visible_to(town_user)} == {town_user.town_id}
    assert not GradeCount.objects.visible_to(enterprise_user).exists()
    assert not GradeCount.objects.visible_to(admin_user).exists()
