"""The ledger: balanced, append-only entries; balances that the database keeps from going negative."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from core.models import AuditLog
from funds.loader import funds_load_file
from funds.models import AccountBalance, Contributor, JournalEntry, JournalLine
from funds.selectors import balances, trial_balance, trial_balance_totals
from funds.services.ledger import credit, debit, post_entry, reverse_entry

pytestmark = pytest.mark.django_db


def test_loading_posts_paid_in_capital_once(funds):
    bridge = funds["bridge"]
    assert balances(bridge)["cash"] == Decimal("80000000.00")
    assert balances(bridge)["capital_paid_in"] == Decimal("80000000.00")
    entries = JournalEntry.objects.filter(sub_fund=bridge).count()
    funds_load_file()  # again: nothing changes
    assert JournalEntry.objects.filter(sub_fund=bridge).count() == entries
    assert balances(bridge)["cash"] == Decimal("80000000.00")
    assert sum(c.paid_in for c in Contributor.objects.filter(sub_fund=bridge)) == Decimal("80000000.00")
    assert bridge.param("fee_rate_daily") == Decimal("0.0002")
    assert bridge.param("fee_step_up_after_days") == 5
    assert "2023" in bridge.param_sources["fee_rate_daily"]


def test_post_entry_moves_balances_and_audits(funds, agency_user):
    bridge = funds["bridge"]
    audits = AuditLog.objects.count()
    entry = post_entry(
        bridge,
        [debit("loans_outstanding", "1000000.00"), credit("cash", "1000000.00")],
        caused_by=agency_user,
        memo="拨付",
        kind="disburse",
    )
    assert entry.lines.count() == 2
    now = balances(bridge)
    assert now["cash"] == Decimal("79000000.00")
    assert now["loans_outstanding"] == Decimal("1000000.00")
    assert AuditLog.objects.count() == audits + 1
    rows = trial_balance(bridge)
    dr, cr = trial_balance_totals(rows)
    assert dr == cr
    assert {r.code: r.balance for r in rows}["cash"] == now["cash"]


@pytest.mark.parametrize(
    "lines, message",
    [
        ([debit("cash", 10)], "两条分录"),
        ([debit("loans_outstanding", 10), credit("cash", 9)], "借贷不平衡"),
        ([debit("nope", 10), credit("cash", 10)], "未知会计科目"),
        ([debit("loans_outstanding", "0.001"), credit("cash", "0.001")], "两位小数"),
    ],
)
def test_service_refuses_bad_entries(funds, agency_user, lines, message):
    with pytest.raises(ValidationError, match=message):
        post_entry(funds["bridge"], lines, caused_by=agency_user, memo="x")


def test_service_refuses_overdraft(funds, agency_user):
    with pytest.raises(ValidationError, match="余额不足"):
        post_entry(
            funds["bridge"],
            [debit("loans_outstanding", "80000000.01"), credit("cash", "80000000.01")],
            caused_by=agency_user,
            memo="x",
        )
    assert balances(funds["bridge"])["cash"] == Decimal("80000000.00")


def test_key_makes_posting_idempotent(funds, agency_user):
    lines = [debit("loans_outstanding", 5), credit("cash", 5)]
    first = post_entry(funds["bridge"], lines, caused_by=agency_user, memo="x", key="k1")
    second = post_entry(funds["bridge"], lines, caused_by=agency_user, memo="x", key="k1")
    assert first.pk == second.pk
    assert balances(funds["bridge"])["loans_outstanding"] == Decimal(5)


def test_reversal_restores_balances_once(funds, agency_user):
    entry = post_entry(
        funds["bridge"], [debit("loans_outstanding", 7), credit("cash", 7)], caused_by=agency_user, memo="x"
    )
    reversal = reverse_entry(entry, caused_by=agency_user, memo="冲销")
    assert reversal.reverses_id == entry.pk
    assert balances(funds["bridge"])["loans_outstanding"] == 0
    with pytest.raises(ValidationError):
        reverse_entry(entry, caused_by=agency_user, memo="again")


def test_models_refuse_changes(funds):
    entry = JournalEntry.objects.filter(sub_fund=funds["bridge"]).first()
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        JournalLine.objects.filter(entry=entry).update(debit=1)
    with pytest.raises(TypeError):
        JournalEntry.objects.all().delete()


@pytest.mark.postgres
def test_database_refuses_update_and_delete_bypassing_the_models(funds):
    entry = JournalEntry.objects.filter(sub_fund=funds["bridge"]).first()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE funds_journalline SET debit = debit + 1 WHERE entry_id = %s", [entry.pk])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM funds_journalentry WHERE id = %s", [entry.pk])


@pytest.mark.postgres
def test_database_refuses_an_unbalanced_entry_bypassing_the_service(funds):
    bridge = funds["bridge"]
    cash = bridge.accounts.get(code="cash")
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        entry = JournalEntry(sub_fund=bridge, date="2026-12-01", memo="x", amount=10)
        entry.save()
        JournalLine.objects.create(entry=entry, account=cash, debit=10)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.postgres
def test_database_refuses_an_entry_across_sub_funds(funds):
    with pytest.raises(IntegrityError, match="another sub-fund"), transaction.atomic():
        entry = JournalEntry(sub_fund=funds["bridge"], date="2026-12-01", memo="x", amount=10)
        entry.save()
        JournalLine.objects.create(
            entry=entry, account=funds["bridge"].accounts.get(code="loans_outstanding"), debit=10
        )
        JournalLine.objects.create(
            entry=entry, account=funds["guarantee"].accounts.get(code="cash"), credit=10
        )
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_database_refuses_negative_cash_bypassing_the_service(funds):
    row = AccountBalance.objects.get(sub_fund=funds["bridge"], code="cash")
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountBalance.objects.filter(pk=row.pk).update(balance=-1, credit_total=row.debit_total + 1)


def test_database_refuses_balance_out_of_step_with_totals(funds):
    row = AccountBalance.objects.get(sub_fund=funds["bridge"], code="cash")
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountBalance.objects.filter(pk=row.pk).update(balance=row.balance + 1)


def test_a_batch_of_entries_posts_each_once_and_refuses_a_joint_overdraft(funds, agency_user):
    from funds.services.ledger import Posting, post_entries

    bridge = funds["bridge"]
    cash = balances(bridge)["cash"]
    out = (debit("loans_outstanding", "1000.00"), credit("cash", "1000.00"))
    audits = AuditLog.objects.count()
    # given three postings, two of them under the same key
    first, again, third = post_entries(
        bridge,
        [Posting(out, "拨付一", key="b:1"), Posting(out, "拨付一重复", key="b:1"), Posting(out, "拨付二")],
        caused_by=agency_user,
    )
    # then the key posts once, each new entry is audited, and the balances move by the two
    assert first.pk == again.pk != third.pk
    assert AuditLog.objects.count() - audits == 2
    assert balances(bridge)["cash"] == cash - Decimal("2000.00")
    # and a rerun of the keyed one posts nothing
    (rerun,) = post_entries(bridge, [Posting(out, "拨付一", key="b:1")], caused_by=agency_user)
    assert rerun.pk == first.pk
    # a batch whose entries together overdraw the cash is refused whole, saying by how much
    left = balances(bridge)["cash"]
    half = (debit("loans_outstanding", left / 2 + 1), credit("cash", left / 2 + 1))
    with pytest.raises(ValidationError, match="余额不足"):
        post_entries(bridge, [Posting(half, "甲"), Posting(half, "乙")], caused_by=agency_user)
    assert balances(bridge)["cash"] == left
