"""Quarterly review rules and escalation rules (assessment/rules.py), kept pure."""

from decimal import Decimal as D

from assessment.rules import Escalation, Rule, escalate, propose, streak

RULES = [
    Rule("ontime-yellow", "on_time_rate", "below", D("90"), "yellow", "按时率低于90%。"),
    Rule("ontime-red", "on_time_rate", "below", D("70"), "red", "按时率低于70%。"),
    Rule("overdue-yellow", "overdue_milestones", "above", D("2"), "yellow", "逾期节点超过2个。"),
]


def test_no_rule_fires_green():
    assert propose({"on_time_rate": D("95"), "overdue_milestones": 2}, RULES) == ("green", [])


def test_the_threshold_itself_fires_nothing_below_and_above_exclude_it():
    colour, reasons = propose({"on_time_rate": D("90"), "overdue_milestones": 2}, RULES)
    assert colour == "green" and reasons == []


def test_the_worst_colour_that_fired_is_proposed_with_every_reason():
    colour, reasons = propose({"on_time_rate": D("65"), "overdue_milestones": 3}, RULES)
    assert colour == "red"
    assert [r["rule"] for r in reasons] == ["ontime-yellow", "ontime-red", "overdue-yellow"]


def test_a_metric_without_data_fires_nothing():
    assert propose({"on_time_rate": None}, RULES)[0] == "green"


ESCALATIONS = [
    Escalation("yellow-three", "yellow", 3, "criticism"),
    Escalation("red-two", "red", 2, "talk"),
    Escalation("red-three", "red", 3, "warning"),
]


def test_red_twice_in_a_row_proposes_a_talk_across_the_year_end():
    colours = {(2017, 4): "red", (2018, 1): "red"}
    assert streak(colours, 2018, 1, "red") == 2
    assert escalate(colours, 2018, 1, ESCALATIONS).propose == "talk"


def test_a_gap_or_a_better_quarter_ends_the_streak():
    assert escalate({(2018, 1): "red", (2018, 3): "red"}, 2018, 3, ESCALATIONS) is None
    assert escalate({(2018, 2): "red", (2018, 3): "yellow"}, 2018, 3, ESCALATIONS) is None


def test_the_most_severe_match_is_proposed():
    colours = {(2018, 1): "red", (2018, 2): "red", (2018, 3): "red"}
    assert escalate(colours, 2018, 3, ESCALATIONS).propose == "warning"
    # red counts as yellow or worse
    assert (
        escalate({(2018, 1): "yellow", (2018, 2): "red", (2018, 3): "yellow"}, 2018, 3, ESCALATIONS).propose
        == "criticism"
    )
