"""The per-bank figures against hand-computed examples (docking.figures is pure)."""

from datetime import date, timedelta
from decimal import Decimal

from docking.figures import BankFigures, Row, bank_figures, rate, total, waits_too_long

D = date(2018, 3, 1)


def d(n):
    return D + timedelta(days=n)


def test_rate_and_medians_of_one_bank_by_hand():
    # given bank 1: approved after 4, 10 and 7 days (two disbursed after 2 and 5 more), one refused,
    # one under review, and a blacklisted enterprise's application approved (not qualifying)
    rows = [
        Row(1, "disbursed", True, d(0), d(4), d(6)),
        Row(1, "disbursed", True, d(0), d(10), d(15)),
        Row(1, "approved", True, d(0), d(7)),
        Row(1, "refused", True, d(0)),
        Row(1, "applied", True, d(0)),
        Row(1, "approved", False, d(0), d(1)),
    ]
    [f] = bank_figures(rows, bank_ids=[1], today=d(20), limit=30)
    # then qualifying decided = 4 (3 granted + 1 refused): 3/4 = 75.0 %
    assert (f.qualifying_decided, f.qualifying_granted, f.rate) == (4, 3, Decimal("75.0"))
    # medians: approve days [4, 10, 7, 1] → (4 + 7) / 2 = 5.5; disburse days [2, 5] → 3.5
    assert f.median_approve_days == Decimal("5.5")
    assert f.median_disburse_days == Decimal("3.5")
    assert (f.applications, f.applied, f.granted, f.disbursed, f.refused) == (6, 1, 4, 2, 1)


def test_no_qualifying_decided_application_is_unknown_never_zero():
    # given a bank with nothing, one with only an application under review, one with only a blacklisted one
    rows = [Row(2, "applied", True, d(0)), Row(3, "refused", False, d(0))]
    figures = bank_figures(rows, bank_ids=[1, 2, 3], today=d(5), limit=30)
    # then every rate is unknown (None), and so are the medians without an approval
    assert [f.rate for f in figures] == [None, None, None]
    assert figures[0].median_approve_days is None and figures[0].median_disburse_days is None
    assert rate(0, 0) is None
    assert rate(0, 3) == Decimal("0.0")  # three refusals: a real 0 %


def test_one_third_rounds_to_one_decimal():
    assert rate(1, 3) == Decimal("33.3") and rate(2, 3) == Decimal("66.7")


def test_waiting_flag_at_its_edge():
    limit = 30
    under_review = Row(1, "applied", True, d(0))
    approved = Row(1, "approved", True, d(0), d(5))
    # exactly 30 days is not "超过30天"; 31 is
    assert not waits_too_long(under_review, today=d(30), limit=limit)
    assert waits_too_long(under_review, today=d(31), limit=limit)
    # an approved application waits from its approval for the money
    assert not waits_too_long(approved, today=d(35), limit=limit)
    assert waits_too_long(approved, today=d(36), limit=limit)
    # a disbursed or refused one never waits
    assert not waits_too_long(Row(1, "disbursed", True, d(0), d(1), d(2)), today=d(400), limit=limit)
    assert not waits_too_long(Row(1, "refused", True, d(0)), today=d(400), limit=limit)


def test_total_line_adds_banks_and_takes_the_median_over_all():
    a = BankFigures(1)
    a.add(Row(1, "approved", True, d(0), d(2)), today=d(3), limit=30)
    b = BankFigures(2)
    b.add(Row(2, "refused", True, d(0)), today=d(3), limit=30)
    b.add(Row(2, "approved", True, d(0), d(8)), today=d(9), limit=30)
    t = total([a, b])
    assert (t.applications, t.qualifying_decided, t.qualifying_granted) == (3, 3, 2)
    assert t.rate == Decimal("66.7") and t.median_approve_days == Decimal("5.0")
