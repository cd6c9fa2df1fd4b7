"""Every quantitative criterion of 罗发〔2016〕23号 at its threshold, a cent below and a cent above,
through the check API and through the nomination form; the engine's other answers (missing,
non-numeric and unknown figures, qualitative alternatives) through the check API."""

import html
from decimal import Decimal

import pytest

from core.money import format_measure
from pools import services
from pools.models import Nomination
from programs.models import BOUNDARY_WORDS, Criterion, Operator
from tests.factories import ProjectFactory

from .support import CENT, YEAR, expected_pass, file_quantitative_criteria

pytestmark = pytest.mark.django_db

CRITERIA = file_quantitative_criteria()
CASES = [pytest.param(*row, id=f"{row[0]}.{row[1]}") for row in CRITERIA]
OFFSETS = {"at": Decimal("0"), "below": -CENT, "above": CENT}


def _check(client, pool_code, metrics=None, qualitative=None):
    body = {"metrics": metrics or {}}
    if qualitative is not None:
        body["qualitative"] = qualitative
    return client.post(f"/api/v1/pools/{pool_code}/check/", body, content_type="application/json")


def _result(response, code):
    return next(c for c in response.json()["criteria"] if c["code"] == code)


def test_the_file_has_the_quantitative_criteria_the_brief_names(programme):
    # given the loaded programme  then  the parametrized list is exactly its quantitative criteria
    loaded = set(
        Criterion.objects.filter(pool__programme=programme, kind=Criterion.Kind.QUANTITATIVE).values_list(
            "pool__code", "code"
        )
    )
    assert loaded == {(pool, code) for pool, code, *_rest in CRITERIA}
    assert len(loaded) == 14
    # and the boundary words read as the brief says: ≥ for 以上/不低于, > for 超/过
    words = {word for *_rest, word, _threshold in CRITERIA}
    assert words == {"以上", "不低于", "超", "过"}
    assert {w: BOUNDARY_WORDS[w] for w in words} == {
        "以上": Operator.GTE,
        "不低于": Operator.GTE,
        "超": Operator.GT,
        "过": Operator.GT,
    }
    # and each loaded criterion has the file's metric, word and threshold, and the word's operator
    for pool_code, code, metric, word, threshold in CRITERIA:
        criterion = Criterion.objects.get(pool__programme=programme, pool__code=pool_code, code=code)
        assert (criterion.metric, criterion.boundary_word, criterion.threshold) == (metric, word, threshold)
        assert criterion.operator == BOUNDARY_WORDS[word]


@pytest.mark.parametrize(("pool_code", "code", "metric", "word", "threshold"), CASES)
def test_check_api_at_the_boundary(
    programme, town_user, client_for, pool_code, code, metric, word, threshold
):
    client = client_for(town_user)
    unit = Criterion.objects.get(pool__programme=programme, pool__code=pool_code, code=code).unit
    for offset, delta in OFFSETS.items():
        # given a figure at, a cent below or a cent above the threshold
        value = threshold + delta
        expected = expected_pass(word, value, threshold)

        # when a town checks it against the pool
        response = _check(client, pool_code, {metric: str(value)})

        # then the criterion passes exactly as the boundary word says, and a failure makes the whole check fail
        assert response.status_code == 200, response.content
        result = _result(response, code)
        assert result["passed"] is expected, (offset, result)
        assert result["kind"] == "quantitative"
        assert ("不符合" in result["message"]) is not expected
        assert (response.json()["eligible"] is False) is not expected, (offset, response.json())
        # and the figure the message shows is told apart from the threshold (no “50 亿元，不符合 ≥ 50 亿元”)
        shown = result["message"].split("，")[0]
        assert (shown == format_measure(threshold, unit)) is (offset == "at"), result["message"]


@pytest.mark.parametrize(("pool_code", "code", "metric", "word", "threshold"), CASES)
def test_edit_form_at_the_boundary(
    programme, open_window, town_user, client_for, pool_code, code, metric, word, threshold
):
    # given a draft nomination into the pool (of an enterprise or a project, as the pool takes)
    pool = programme.pools.get(code=pool_code)
    subject = (
        {"project": ProjectFactory(enterprise__town=town_user.town)}
        if pool.subject == "project"
        else {"enterprise": ProjectFactory(enterprise__town=town_user.town).enterprise}
    )
    nomination = services.nomination_create(actor=town_user, pool=pool, year=YEAR, **subject)
    client = client_for(town_user)

    for offset, delta in OFFSETS.items():
        value = threshold + delta
        expected = expected_pass(word, value, threshold)

        # when the town saves the figure in the edit form
        response = client.post(
            f"/pools/nominations/{nomination.pk}/edit/",
            {f"metric_{metric}": str(value), "path_plan": "路径", "save": "1"},
        )

        # then the stored nomination is flagged exactly when the figure fails, and the page says so
        assert response.status_code == 302, (offset, response.content.decode()[:2000])
        stored = Nomination.objects.get(pk=nomination.pk)
        assert Decimal(stored.metrics[metric]) == value
        assert stored.fails_quantitative is (not expected), (offset, value)
        # the other criteria have no figures or are unconfirmed: a pass leaves the answer open
        assert stored.eligible is (False if not expected else None), (offset, value)
        result = next(r for r in services.nomination_eligibility(stored).criteria if r.code == code)
        assert result.passed is expected
        threshold_shown = format_measure(threshold, pool.criteria.get(code=code).unit)
        assert (result.message.split("，")[0] == threshold_shown) is (offset == "at"), result.message
        page = html.unescape(client.get(f"/pools/nominations/{nomination.pk}/edit/").content.decode())
        assert result.message in page


@pytest.mark.parametrize(
    ("pool_code", "metric", "value", "passed"),
    [
        ("tech", "rd_ratio", "1.5", False),  # 超1.5%: 1.5 itself is not above
        ("chain_fill", "total_investment", "10000", False),  # 过亿元: 10000万元 itself is not over
        ("backbone", "output_value", "500000", True),  # 50亿元以上: 500000万元 itself is included
    ],
)
def test_the_three_readings_the_brief_names(
    programme, town_user, client_for, pool_code, metric, value, passed
):
    response = _check(client_for(town_user), pool_code, {metric: value})
    assert response.status_code == 200
    assert _result(response, metric)["passed"] is passed


def test_numbers_sent_as_json_numbers_are_read_exactly(programme, town_user, client_for):
    # given figures as JSON numbers, not strings  when  checked  then  1.51 passes 超1.5 and 1.5 fails
    client = client_for(town_user)
    assert _result(_check(client, "tech", {"rd_ratio": 1.51}), "rd_ratio")["passed"] is True
    assert _result(_check(client, "tech", {"rd_ratio": 1.5}), "rd_ratio")["passed"] is False
    assert _result(_check(client, "backbone", {"output_value": 499999.99}), "output_value")["passed"] is False


# --- the combined answer ---------------------------------------------------------------------------


def test_eligible_is_null_while_qualitative_criteria_are_unconfirmed(programme, town_user, client_for):
    # given passing figures for every quantitative criterion of the backbone pool and no qualitative status
    client = client_for(town_user)
    metrics = {"output_value": "500000", "main_revenue_growth": "15", "tax_growth": "15"}

    # when checked
    body = _check(client, "backbone", metrics).json()

    # then nothing fails, but the answer waits for the reviewer
    assert body["eligible"] is None
    assert all(c["passed"] is True for c in body["criteria"] if c["kind"] == "quantitative")
    assert all(c["passed"] is None for c in body["criteria"] if c["kind"] == "qualitative")
    # and once every qualitative criterion is confirmed it is eligible; one refusal makes it ineligible
    confirmed = {c: "confirmed" for c in ["market_share", "own_ip", "informatization", "city_leading"]}
    assert _check(client, "backbone", metrics, confirmed).json()["eligible"] is True
    assert _check(client, "backbone", metrics, {**confirmed, "own_ip": "refused"}).json()["eligible"] is False
    # and a quantitative failure is final even if everything else is confirmed
    assert (
        _check(client, "backbone", {**metrics, "tax_growth": "14.99"}, confirmed).json()["eligible"] is False
    )


def test_missing_figure_gives_null_with_a_message(programme, town_user, client_for):
    # given only the output value  when  checked
    body = _check(client_for(town_user), "backbone", {"output_value": "600000"}).json()
    # then the criteria without a figure are undecided and say which figure is missing
    growth = next(c for c in body["criteria"] if c["code"] == "main_revenue_growth")
    assert growth["passed"] is None
    assert "缺少" in growth["message"] and "主营业务收入年增幅" in growth["message"]
    assert body["eligible"] is None


def test_non_numeric_figure_is_400_naming_the_field(programme, town_user, client_for):
    response = _check(client_for(town_user), "backbone", {"output_value": "五十亿", "tax_growth": "16"})
    assert response.status_code == 400
    errors = response.json()["metrics"]
    assert set(errors) == {"output_value"}
    assert "五十亿" in errors["output_value"]


def test_unknown_metric_is_400(programme, town_user, client_for):
    # given a figure the backbone pool's criteria do not use, and one no pool uses
    client = client_for(town_user)
    for metric in ("rd_ratio", "profit"):
        response = _check(client, "backbone", {metric: "3"})
        # then each is refused by name
        assert response.status_code == 400
        assert list(response.json()["metrics"]) == [metric]


def test_unknown_pool_is_404(programme, town_user, client_for):
    assert _check(client_for(town_user), "no-such-pool", {"output_value": "1"}).status_code == 404


def test_unknown_qualitative_status_is_400(programme, town_user, client_for):
    response = _check(client_for(town_user), "internet_plus", {}, {"industrial_internet": "maybe"})
    assert response.status_code == 400
    assert "qualitative" in response.json()


@pytest.mark.parametrize(
    ("statuses", "eligible"),
    [
        ({"factory_iot": "confirmed"}, True),  # one field of the group suffices
        ({"industrial_internet": "refused", "internal_management": "confirmed"}, True),
        (
            {"industrial_internet": "refused", "factory_iot": "refused", "internal_management": "refused"},
            False,
        ),
        (
            {"industrial_internet": "refused", "factory_iot": "supplied"},
            None,
        ),  # one still awaits the reviewer
        ({}, None),
    ],
)
def test_internet_plus_fields_are_alternatives(programme, town_user, client_for, statuses, eligible):
    # given the “互联网+” pool, whose three fields form one group
    assert set(
        Criterion.objects.filter(pool__programme=programme, pool__code="internet_plus").values_list(
            "group", flat=True
        )
    ) == {"field"}
    # when checked with those reviewer statuses
    response = _check(client_for(town_user), "internet_plus", {}, statuses)
    # then the group is met by any one confirmed field, and fails only when all are refused
    assert response.status_code == 200
    assert response.json()["eligible"] is eligible


def test_check_api_requires_sign_in(programme, client):
    assert _check(client, "backbone", {"output_value": "1"}).status_code == 403
