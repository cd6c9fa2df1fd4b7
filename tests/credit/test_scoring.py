"""The default scoring model (credit/data/default-scoring.yaml) on hand-built cases with known
ratings at every band boundary, and the rules of the computation: decay, expiry, withdrawal,
latest-only basic records, clamping, and the validation of a model version."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from credit.loader import DEFAULT_SCORING_FILE, file_kind_categories, read_default_scoring
from credit.scoring import GRADES, RecordFacts, Rules, RulesError, add_years, compute

AS_OF = date(2024, 6, 30)
_ids = iter(range(1, 10_000))


def rec(
    kind: str, severity: str, *, years: int = 0, until: date | None = None, withdrawn=False
) -> RecordFacts:
    """A record whose event is `years` full years before AS_OF (age 满N年), without an end date."""
    category = file_kind_categories()[kind]
    return RecordFacts(
        id=next(_ids),
        kind=kind,
        category=category,
        severity=severity,
        occurred_on=add_years(AS_OF, -years),
        effective_until=until,
        withdrawn=withdrawn,
    )


OP_GOOD = ("operating_status", "positive")  # +10
PROSPECTS_GOOD = ("prospects", "positive")  # +5
BASIC_GOOD = ("basic_info", "positive")  # +5


def basics(*pairs):
    return [rec(kind, severity) for kind, severity in pairs]


def court(severity: str, years: int):
    """court: minor −5, serious −15, severe −40; weight 1; decay 1 / .8 / .6 / .4 / .2 (满0…4年)."""
    return rec("court", severity, years=years)


# (expected score, expected grade, records) — base 80; at each band's lower bound and one point below it.
BOUNDARY_CASES = [
    ("100.00", "AAA", lambda: basics(OP_GOOD, PROSPECTS_GOOD, BASIC_GOOD)),
    ("95.00", "AAA", lambda: basics(OP_GOOD, PROSPECTS_GOOD)),
    ("94.00", "AA", lambda: basics(OP_GOOD, PROSPECTS_GOOD) + [court("minor", 4)]),
    ("90.00", "AA", lambda: basics(OP_GOOD)),
    ("89.00", "A", lambda: basics(OP_GOOD) + [court("minor", 4)]),
    ("85.00", "A", lambda: basics(PROSPECTS_GOOD)),
    ("84.00", "BBB", lambda: basics(PROSPECTS_GOOD) + [court("minor", 4)]),
    ("80.00", "BBB", lambda: []),
    ("79.00", "BB", lambda: [court("minor", 4)]),
    ("75.00", "BB", lambda: [court("minor", 0)]),
    ("74.00", "B", lambda: [court("minor", 0), court("minor", 4)]),
    ("70.00", "B", lambda: [court("serious", 2), court("minor", 4)]),
    ("69.00", "CCC", lambda: [court("serious", 2), court("minor", 3)]),
    ("60.00", "CCC", lambda: [court("serious", 0), court("minor", 0)]),
    ("59.00", "CC", lambda: [court("serious", 0), court("minor", 0), court("minor", 4)]),
    ("50.00", "CC", lambda: [court("serious", 0), court("serious", 0)]),
    ("49.00", "C", lambda: [court("serious", 0), court("serious", 0), court("minor", 4)]),
    ("40.00", "C", lambda: [court("severe", 0)]),
    ("39.00", "D", lambda: [court("severe", 0), court("minor", 4)]),
    (
        "0.00",
        "D",
        lambda: [rec("safety_accident", "severe"), rec("safety_accident", "severe")],
    ),  # −120, held at 0
]


def test_the_default_file_is_valid_and_documents_its_method(rules):
    # given the shipped default  then  it validates, names the ten grades in order and the CC cut-off
    assert [g for g, _m in rules.bands] == list(GRADES)
    assert rules.base_score == Decimal("80")
    assert rules.blacklist_at_or_below == "CC"
    text = DEFAULT_SCORING_FILE.read_text(encoding="utf-8")
    assert "HOW A SCORE IS COMPUTED" in text and "GRADES" in text and "BLACKLIST" in text


@pytest.mark.parametrize(
    ("score", "grade", "build"), BOUNDARY_CASES, ids=[f"{s}-{g}" for s, g, _b in BOUNDARY_CASES]
)
def test_hand_built_cases_at_every_band_boundary(rules, score, grade, build):
    # given hand-built records worth a known score  when  rated as of AS_OF
    result = compute(rules, build(), AS_OF)
    # then the score and the grade are the expected ones, and the blacklist follows the CC cut-off
    assert (str(result.score), result.grade) == (score, grade)
    assert result.blacklisted is (GRADES.index(grade) >= GRADES.index("CC"))


def test_every_band_is_covered_at_and_below_its_lower_bound(rules):
    # given the cases  then  each grade above D is hit exactly at its lower bound and one point below it
    at_bound = {g for s, g, _b in BOUNDARY_CASES if Decimal(s) == dict(rules.bands)[g]}
    assert at_bound == set(GRADES)
    for _grade, minimum in rules.bands[:-1]:
        below = next(g for g, m in rules.bands if m <= minimum - 1)
        assert (str(minimum - 1) + ".00", below) in {(s, g) for s, g, _b in BOUNDARY_CASES}


@pytest.mark.parametrize(
    ("grade", "minimum"),
    [(g, m) for g, m in Rules.from_dict(read_default_scoring(), kinds=file_kind_categories()).bands],
)
def test_grade_for_at_the_bound_and_a_cent_below(rules, grade, minimum):
    assert rules.grade_for(minimum) == grade
    if grade != "D":
        assert rules.grade_for(minimum - Decimal("0.01")) == GRADES[GRADES.index(grade) + 1]


def test_the_explanation_lists_each_record_and_rule(rules):
    # given a tax record of 满2年 and a good operating status
    tax, status = rec("tax", "serious", years=2), rec(*OP_GOOD)
    # when rated
    result = compute(rules, [tax, status], AS_OF)
    # then each line names the record, its points, weight, decay factor and effect
    lines = {line["record"]: line for line in result.lines}
    assert {k: lines[tax.id][k] for k in ("points", "weight", "age_years", "factor", "delta")} == {
        "points": "-15",
        "weight": "1",
        "age_years": 2,
        "factor": "0.6",
        "delta": "-9.00",
    }
    assert (lines[status.id]["points"], lines[status.id]["factor"], lines[status.id]["delta"]) == (
        "10",
        "1",
        "10.00",
    )
    assert str(result.score) == "81.00"
    explanation = result.explanation(rules=rules, version=1, as_of=AS_OF)
    assert (
        explanation["base_score"] == "80"
        and explanation["grade"] == "BBB"
        and explanation["band_min"] == "80"
    )


def test_weight_multiplies_the_criminal_kinds(rules):
    result = compute(rules, [rec("environment_accident", "serious")], AS_OF)
    assert result.lines[0]["delta"] == "-30.00"  # −20 × 1.5
    assert str(result.score) == "50.00" and result.grade == "CC" and result.blacklisted


def test_a_record_counts_until_the_end_of_its_effect_inclusive(rules):
    # given a tax record whose effect ends on AS_OF
    record = rec("tax", "minor", until=AS_OF)
    # then it counts on that day and not the day after (信用修复)
    assert str(compute(rules, [record], AS_OF).score) == "75.00"
    later = compute(rules, [record], AS_OF + timedelta(days=1))
    assert str(later.score) == "80.00"
    assert later.excluded == [
        {"record": record.id, "kind": "tax", "reason": "expired", "effective_until": AS_OF.isoformat()}
    ]


def test_withdrawn_and_future_records_do_not_count(rules):
    withdrawn = rec("court", "severe", withdrawn=True)
    future = RecordFacts(
        id=next(_ids),
        kind="court",
        category="adverse",
        severity="severe",
        occurred_on=AS_OF + timedelta(days=1),
    )
    result = compute(rules, [withdrawn, future], AS_OF)
    assert str(result.score) == "80.00"
    assert sorted(x["reason"] for x in result.excluded) == ["future", "withdrawn"]


def test_only_the_latest_basic_record_of_a_kind_counts(rules):
    # given a bad operating status three years ago and a good one last year
    old = rec("operating_status", "negative", years=3)
    new = rec("operating_status", "positive", years=1)
    # then only the latest counts (and basic records do not decay)
    result = compute(rules, [new, old], AS_OF)
    assert [line["record"] for line in result.lines] == [new.id]
    assert str(result.score) == "90.00"
    assert result.excluded == [
        {"record": old.id, "kind": "operating_status", "reason": "superseded", "by": new.id}
    ]


def test_decay_steps_by_full_years(rules):
    assert [rules.decay_factor(n) for n in range(7)] == [
        Decimal(x) for x in ("1.0", "0.8", "0.6", "0.4", "0.2", "0.2", "0.2")
    ]
    # 满1年 is reached on the anniversary, not the day before
    record = RecordFacts(
        id=1, kind="court", category="adverse", severity="minor", occurred_on=date(2023, 6, 30)
    )
    assert compute(rules, [record], date(2024, 6, 29)).lines[0]["factor"] == "1"
    assert compute(rules, [record], date(2024, 6, 30)).lines[0]["factor"] == "0.8"


def test_default_end_of_effect_is_the_repair_period_less_a_day(rules):
    assert rules.effective_until("tax", date(2020, 3, 1)) == date(2023, 2, 28)
    assert rules.effective_until("court", date(2020, 2, 29)) == date(
        2025, 2, 27
    )  # 29 Feb + 5 years → 28 Feb − 1
    assert rules.effective_until("operating_status", date(2020, 3, 1)) is None  # basic records have no end


def test_the_fingerprint_identifies_the_result_not_the_moment(rules):
    records = [rec("tax", "minor"), rec(*OP_GOOD)]
    first = compute(rules, records, AS_OF).fingerprint(version=1)
    assert compute(rules, records, AS_OF).fingerprint(version=1) == first
    assert compute(rules, records, AS_OF).fingerprint(version=2) != first  # another model version
    assert compute(rules, records[1:], AS_OF).fingerprint(version=1) != first


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["bands"].reverse(), "十个等级"),
        (lambda d: d["bands"][1].update(min=99), "严格递减"),
        (lambda d: d["kinds"]["tax"]["points"].update(minor=5), "只能扣分"),
        (lambda d: d["kinds"]["tax"].pop("repair_years"), "信用修复期"),
        (lambda d: d["kinds"].pop("court"), "kinds.court"),
        (lambda d: d["kinds"].update(lottery={"weight": 1, "points": {}}), "未知的信用记录类别"),
        (lambda d: d["kinds"]["tax"]["points"].pop("severe"), "每个严重程度"),
        (lambda d: d["decay"].append({"from_years": 5, "factor": 0.9}), "不能随年数增大"),
        (lambda d: d.update(blacklist={"at_or_below": "E"}), "blacklist"),
        (lambda d: d.update(base_score=120), "基础分"),
    ],
)
def test_an_invalid_model_is_refused_with_the_reason(change, message):
    data = read_default_scoring()
    change(data)
    with pytest.raises(RulesError) as exc:
        Rules.from_dict(data, kinds=file_kind_categories())
    assert any(message in m for m in exc.value.messages), exc.value.messages


def test_rules_survive_a_round_trip_through_json(rules):
    again = Rules.from_dict(rules.to_dict(), kinds=file_kind_categories())
    assert again == rules
