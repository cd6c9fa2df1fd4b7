"""Rating: the history is append-only (in the ORM and in the database), rating twice changes nothing,
a run is a constant number of queries whatever the number of enterprises, a grade change notifies
the enterprise and its town, the blacklist keeps its "since", and a new model version re-rates."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import AuditLog, Notification
from credit import services
from credit.models import CreditStatus, Rating, RatingTrigger, ScoringModel
from credit.rating import active_model, rate_all, rate_enterprise, rate_enterprises
from credit.tasks import rate_all_task
from tests.factories import CreditRecordFactory, EnterpriseFactory, TownUserFactory

pytestmark = pytest.mark.django_db


def severe_court(enterprise, **kwargs):
    return CreditRecordFactory(
        enterprise=enterprise, kind_code="court", severity="severe", **kwargs
    )  # −40 → C


# --- append-only -----------------------------------------------------------------------------------


def test_ratings_cannot_be_changed_or_deleted_through_the_orm(enterprise):
    rating = rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.ON_DEMAND)
    rating.score = 99
    with pytest.raises(TypeError, match="append-only"):
        rating.save()
    with pytest.raises(TypeError, match="append-only"):
        Rating.objects.filter(pk=rating.pk).update(score=99)
    with pytest.raises(TypeError, match="append-only"):
        Rating.objects.filter(pk=rating.pk).delete()
    with pytest.raises(TypeError, match="append-only"):
        rating.delete()
    assert str(Rating.objects.get(pk=rating.pk).score) == "80.00"


@pytest.mark.postgres
def test_the_database_itself_refuses_to_change_a_rating(enterprise):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    rating = rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.ON_DEMAND)
    for sql in (
        "UPDATE credit_rating SET score = 99 WHERE id = %s",
        "DELETE FROM credit_rating WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [rating.pk])
    assert str(Rating.objects.get(pk=rating.pk).score) == "80.00"


def test_each_change_appends_and_the_history_keeps_every_rating(court_user, enterprise):
    rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.ON_DEMAND)  # BBB
    record = severe_court(enterprise)
    rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.RECORD)  # C
    services.record_withdraw(actor=court_user, record=record, reason="执行完毕")  # BBB again
    history = list(
        Rating.objects.filter(enterprise=enterprise).order_by("id").values_list("previous_grade", "grade")
    )
    assert history == [("", "BBB"), ("BBB", "C"), ("C", "BBB")]
    assert CreditStatus.objects.get(enterprise=enterprise).rating_id == Rating.objects.latest("id").pk


# --- idempotent ------------------------------------------------------------------------------------


def _state():
    return (
        list(Rating.objects.order_by("id").values_list("id", "grade", "score")),
        list(
            CreditStatus.objects.order_by("enterprise_id").values_list(
                "enterprise_id", "grade", "score", "rated_at", "fingerprint", "blacklisted_since"
            )
        ),
        AuditLog.objects.count(),
        Notification.objects.count(),
    )


def test_the_task_run_twice_changes_nothing_the_second_time(town_user, enterprise, other_enterprise):
    severe_court(enterprise)
    CreditRecordFactory(enterprise=other_enterprise, kind_code="tax")
    first = rate_all_task()
    after_first = _state()
    second = rate_all_task()
    assert first["appended"] == 2 and second == {
        "rated": 2,
        "appended": 0,
        "grade_changes": 0,
        "listed": 0,
        "delisted": 0,
    }
    assert _state() == after_first


def test_rating_on_another_day_changes_nothing_until_a_rule_moves(enterprise):
    record = CreditRecordFactory(
        enterprise=enterprise,
        kind_code="court",
        severity="minor",
        occurred_on=timezone.localdate() - timedelta(days=100),
    )
    rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.SCHEDULE)
    # a month later the record is still under a year old: same result, nothing appended
    assert (
        rate_enterprise(
            enterprise=enterprise,
            trigger=RatingTrigger.SCHEDULE,
            as_of=timezone.localdate() + timedelta(days=30),
        )
        is None
    )
    # after its first anniversary the decay factor moves: a new rating (75 → 76)
    later = rate_enterprise(
        enterprise=enterprise, trigger=RatingTrigger.SCHEDULE, as_of=record.occurred_on + timedelta(days=366)
    )
    assert str(later.score) == "76.00"


# --- constant queries ------------------------------------------------------------------------------


def _queries_to_rate(enterprises) -> int:
    with CaptureQueriesContext(connection) as queries:
        summary = rate_enterprises(enterprise_ids=[e.pk for e in enterprises], trigger=RatingTrigger.SCHEDULE)
    assert summary.appended == len(enterprises)
    return len(queries)


def test_a_run_is_not_one_query_per_enterprise(town):
    # given 3 and then 30 enterprises, each with records (some blacklisted)
    small = [EnterpriseFactory(town=town) for _ in range(3)]
    large = [EnterpriseFactory(town=town) for _ in range(30)]
    for i, enterprise in enumerate(small + large):
        CreditRecordFactory(enterprise=enterprise, kind_code="tax")
        if i % 3 == 0:
            severe_court(enterprise)
    # then rating ten times as many enterprises takes the same number of queries
    assert _queries_to_rate(large) == _queries_to_rate(small)


# --- notifications and the blacklist -------------------------------------------------------------


def test_a_grade_change_notifies_the_enterprise_and_its_town_only(
    enterprise, enterprise_user, town_user, other_town_user
):
    rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.SCHEDULE)
    Notification.objects.all().delete()
    severe_court(enterprise)
    rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.SCHEDULE)
    for user in (enterprise_user, town_user):
        notice = Notification.objects.get(recipient=user)
        assert "BBB 调整为 C" in notice.message and "黑名单" in notice.message
        assert notice.url == f"/credit/ratings/{Rating.objects.latest('id').pk}/"
    assert not Notification.objects.filter(recipient=other_town_user).exists()


def test_a_large_run_gives_each_town_one_digest(town, town_user):
    enterprises = [EnterpriseFactory(town=town) for _ in range(8)]
    rate_all(trigger=RatingTrigger.SCHEDULE)
    for enterprise in enterprises:
        severe_court(enterprise)
    rate_all(trigger=RatingTrigger.SCHEDULE)
    notices = list(Notification.objects.filter(recipient=town_user))
    assert len(notices) == 1 and "8 家企业等级变化" in notices[0].message


def test_blacklisted_since_holds_while_listed_and_clears_when_it_improves(court_user, enterprise):
    record = severe_court(enterprise)
    rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.SCHEDULE)
    since = CreditStatus.objects.get(enterprise=enterprise).blacklisted_since
    assert since is not None
    # a second adverse record: still listed, since the first listing
    CreditRecordFactory(enterprise=enterprise, kind_code="tax", severity="minor")
    rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.SCHEDULE)
    status = CreditStatus.objects.get(enterprise=enterprise)
    assert (status.grade, status.blacklisted, status.blacklisted_since) == ("D", True, since)
    # withdrawn: off the list
    services.record_withdraw(actor=court_user, record=record, reason="撤销")
    status.refresh_from_db()
    assert (status.grade, status.blacklisted, status.blacklisted_since) == ("BB", False, None)


# --- the model -------------------------------------------------------------------------------------


def test_owner_publishes_a_new_version_and_everyone_is_re_rated(
    owner_user, office_user, enterprise, django_capture_on_commit_callbacks
):
    CreditRecordFactory(enterprise=enterprise, kind_code="tax", severity="serious")  # −15 → 65 CCC
    rate_all(trigger=RatingTrigger.SCHEDULE)
    rules = active_model().rules
    rules["blacklist"] = {"at_or_below": "CCC"}
    with django_capture_on_commit_callbacks(execute=True):
        model = services.model_publish(actor=owner_user, rules=rules, notes="收紧黑名单线至 CCC")
    assert (model.version, model.published_by) == (2, owner_user)
    status = CreditStatus.objects.select_related("rating__model").get(enterprise=enterprise)
    assert (status.grade, status.blacklisted, status.rating.model.version) == ("CCC", True, 2)
    assert status.rating.trigger == RatingTrigger.MODEL
    assert Notification.objects.filter(recipient=office_user, message__contains="第 2 版").exists()
    assert ScoringModel.objects.get(version=1).rules["blacklist"] == {
        "at_or_below": "CC"
    }  # versions never change


def test_only_the_owner_publishes_and_invalid_models_are_refused(owner_user, office_user, court_user):
    from django.core.exceptions import PermissionDenied, ValidationError

    rules = active_model().rules
    for user in (office_user, court_user):
        with pytest.raises(PermissionDenied):
            services.model_publish(actor=user, rules=rules, notes="x")
    rules["bands"][0]["min"] = "10"
    with pytest.raises(ValidationError) as exc:
        services.model_publish(actor=owner_user, rules=rules, notes="错误的分数段")
    assert "rules" in exc.value.message_dict
    assert ScoringModel.objects.count() == 1


def test_rate_on_demand_is_for_the_office_and_the_owner(office_user, town_user, enterprise):
    from django.core.exceptions import PermissionDenied

    assert services.rate_on_demand(actor=office_user, enterprise=enterprise).grade == "BBB"
    assert (
        services.rate_on_demand(actor=office_user, enterprise=enterprise) is None
    )  # unchanged: nothing appended
    with pytest.raises(PermissionDenied):
        services.rate_on_demand(actor=town_user, enterprise=enterprise)


def test_town_user_of_an_enterprise_town_is_notified_for_a_single_rating(enterprise):
    other = TownUserFactory(town=enterprise.town)
    severe_court(enterprise)
    rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.SCHEDULE)
    assert Notification.objects.filter(recipient=other, message__contains="黑名单").exists()
