"""The pure scoring rules (assessment/scoring.py) against hand-computed cases: each method, weights,
bonus and penalty caps, band edges and the cap on the share of 优秀."""

from decimal import Decimal as D

import pytest

from assessment.scoring import SchemeError, Spec, band_of, grade_all, points_for, ranks, total_of

BANDS = [
    {"code": "excellent", "name": "优秀", "min": "90"},
    {"code": "good", "name": "良好", "min": "80"},
    {"code": "fair", "name": "一般", "min": "60"},
    {"code": "poor", "name": "较差", "min": "0"},
]


def test_linear_scores_the_share_of_the_target_times_the_weight_capped_at_full_marks():
    spec = Spec("nominations", "linear", D("20"), {"target": "100"})
    assert points_for(spec, D("75")).points == D("15.00")
    assert points_for(spec, D("130")).points == D("20.00")  # above target: full marks, no more
    assert "75 ÷ 100" in points_for(spec, D("75")).formula


def test_linear_lower_is_better_gives_full_marks_within_the_target():
    spec = Spec("turnaround", "linear", D("30"), {"target": "10", "lower_is_better": True})
    assert points_for(spec, D("8")).points == D("30.00")
    assert points_for(spec, D("20")).points == D("15.00")  # 10 ÷ 20 × 30


def test_tiers_include_the_threshold_and_take_the_first_tier_met():
    spec = Spec("on_time", "tiers", D("20"), {"tiers": [["95", "1"], ["85", "0.8"], ["70", "0.5"]]})
    assert points_for(spec, D("95")).points == D("20.00")  # 95 is 以上 95
    assert points_for(spec, D("94.99")).points == D("16.00")
    assert points_for(spec, D("70")).points == D("10.00")
    assert points_for(spec, D("69.99")).points == D("0.00")


def test_tiers_at_most_count_downwards():
    spec = Spec("days", "tiers", D("10"), {"direction": "at_most", "tiers": [["5", "1"], ["10", "0.5"]]})
    assert points_for(spec, D("5")).points == D("10.00")
    assert points_for(spec, D("7")).points == D("5.00")
    assert points_for(spec, D("11")).points == D("0.00")


def test_table_maps_a_credit_grade_to_a_share_of_the_weight():
    spec = Spec("credit", "table", D("70"), {"table": {"AAA": "1", "BBB": "0.8", "D": "0"}})
    assert points_for(spec, None, key="AAA").points == D("70.00")
    assert points_for(spec, None, key="BBB").points == D("56.00")
    assert points_for(spec, None, key="CCC").points == D("0.00")  # not listed: the default 0
    assert points_for(spec, None).points is None  # not rated yet: no points


def test_rated_points_stay_within_the_weight():
    spec = Spec("quality", "rated", D("20"))
    assert points_for(spec, D("17.5")).points == D("17.50")
    with pytest.raises(SchemeError):
        points_for(spec, D("20.01"))


def test_per_unit_items_are_capped_per_item():
    spec = Spec("criticised", "per_unit", D("2"), cap=D("6"))
    assert points_for(spec, D("2")).points == D("4.00")
    assert points_for(spec, D("5")).points == D("6.00")  # 10 capped at 6


def test_no_value_gives_no_points():
    assert points_for(Spec("x", "linear", D("20"), {"target": "100"}), None).points is None


def test_weights_add_up_and_bonus_and_penalty_are_capped_for_the_scheme():
    t = total_of([D("18"), D("16"), None], [D("3"), D("4")], [D("2")], bonus_cap=D("5"), penalty_cap=D("10"))
    assert (t.base, t.bonus, t.penalty, t.total) == (D("34.00"), D("5.00"), D("2.00"), D("37.00"))
    t = total_of([D("10")], [], [D("8"), D("8")], penalty_cap=D("10"))
    assert (t.penalty, t.total) == (D("10.00"), D("0.00"))  # 16 capped at 10, never below 0
    assert "上限" in t.formula


@pytest.mark.parametrize(
    ("score", "band"),
    [
        ("100", "优秀"),
        ("90", "优秀"),
        ("89.99", "良好"),
        ("80", "良好"),
        ("79.99", "一般"),
        ("60", "一般"),
        ("59.99", "较差"),
        ("0", "较差"),
    ],
)
def test_a_score_exactly_on_a_band_edge_reaches_that_band(score, band):
    assert BANDS[band_of(D(score), BANDS)]["name"] == band


def test_the_share_cap_on_excellent_moves_the_lowest_down_one_band():
    # ten subjects, 30%: at most three 优秀; five reached 优秀
    totals = {i: D(v) for i, v in enumerate(["99", "97", "95", "93", "91", "85", "75", "65", "55", "45"])}
    graded = grade_all(totals, BANDS, excellent_share_cap=D("30"))
    assert [k for k, g in graded.items() if g.band == 0] == [0, 1, 2]
    assert graded[3].band == 1 and graded[3].capped and graded[4].capped
    assert not graded[5].capped and graded[5].band == 1


def test_subjects_tied_at_the_cut_move_down_together_so_the_cap_is_never_exceeded():
    totals = {"a": D("95"), "b": D("92"), "c": D("92"), "d": D("70")}
    graded = grade_all(totals, BANDS, excellent_share_cap=D("50"))  # at most 2 of 4
    assert graded["a"].band == 0
    assert graded["b"].band == graded["c"].band == 1


def test_without_a_share_cap_every_subject_keeps_its_band():
    totals = {"a": D("95"), "b": D("92")}
    assert all(g.band == 0 for g in grade_all(totals, BANDS).values())


def test_ranks_share_a_place_on_equal_totals():
    assert ranks({"a": D("90"), "b": D("85"), "c": D("85"), "d": D("70")}) == {"a": 1, "b": 2, "c": 2, "d": 4}
