"""Bridge loans at volume: `pytest benchmarks/test_bench_funds.py -m benchmark -s -p no:randomly`.

Data (inside the test's transaction, rolled back): the programme and the fund file, 1,500 generated
enterprises, and bridge loans made with bulk_create over three years — at two sizes, 10,000 and then
20,000 loans: mostly repaid, some outstanding and not yet due, and BENCH_OVERDUE (200) that fall due
before today (a tenth of them past the grace period, so they get their credit record). The outstanding
principal is in the ledger as one opening entry, so the balances match the loans.

Measured: the daily task at the larger size (funds.daily over 20,000 loans, BENCH_OVERDUE of them newly
overdue: wall time, SQL queries, loans marked overdue; its queries are a constant per batch plus those
of the credit records, which go one by one through the credit services) and a second run the same
day (it must do nothing: no entry, no write, a constant handful of queries); the fund overview
and the ledger list (SQL queries at both sizes, which must be equal; median and p95 of BENCH_N requests);
the trial balance; beside the bridge-loan list and the ledger, as a reference, the Django admin
changelist of the same rows (superuser), with the p95 of each page over its changelist's. Results are
printed and written to benchmarks/results/funds.json.
"""

import json
import math
import os
import random
import statistics
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

N = int(os.environ.get("BENCH_N", 20))
WARMUP = int(os.environ.get("BENCH_WARMUP", 2))
OVERDUE = int(os.environ.get("BENCH_OVERDUE", 200))
SIZES = (10000, 20000)
RESULTS = Path(__file__).resolve().parent / "results" / "funds.json"


def _p95(samples):
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _enterprises(count):
    from enterprises.models import Enterprise
    from enterprises.uscc import make_uscc
    from programs.models import Industry, Town

    towns = list(Town.objects.all())
    industry = Industry.objects.get(code="30")
    Enterprise.objects.bulk_create(
        [
            Enterprise(
                uscc=make_uscc("371311", 800000000 + i),
                name=f"基准测试企业{i}有限公司",
                town=towns[i % len(towns)],
                industry=industry,
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    return list(Enterprise.objects.filter(name__startswith="基准测试企业"))


def _loans(sub_fund, enterprises, banks, applicant, approver, payer, count, *, overdue, start_serial):
    from funds.models import BridgeLoan, BridgeLoanState

    rng = random.Random(start_serial)
    today = timezone.localdate()
    rows = []
    for i in range(count):
        enterprise = enterprises[(start_serial + i) % len(enterprises)]
        # the outstanding ones small (the fund's 80 million cash covers them), history up to 20 million
        amount = (
            Decimal(rng.randint(1, 10) if i < overdue + 400 else rng.randint(5, 200))
            * 10000
            * (1 if i < overdue + 400 else 10)
        )
        term = rng.randint(5, 15)
        if i < overdue:  # falls due before today: the daily task marks it
            late = 12 if i % 10 == 0 else 2  # a tenth past the 3-day grace period
            disbursed = today - timedelta(days=term + late)
            state, repaid, fee = BridgeLoanState.DISBURSED, None, Decimal(0)
        elif i < overdue + 400:  # outstanding, not yet due
            disbursed = today - timedelta(days=rng.randint(0, term - 1))
            state, repaid, fee = BridgeLoanState.DISBURSED, None, Decimal(0)
        else:  # history over three years
            disbursed = today - timedelta(days=rng.randint(30, 3 * 365))
            state, repaid, fee = (
                BridgeLoanState.REPAID,
                disbursed + timedelta(days=term),
                amount * Decimal("0.002"),
            )
        rows.append(
            BridgeLoan(
                sub_fund=sub_fund,
                enterprise=enterprise,
                town_id=enterprise.town_id,
                bank=banks[i % len(banks)],
                applied_by=applicant,
                amount=amount,
                approved_amount=amount,
                term_days=term,
                loan_amount=amount,
                loan_due_on=disbursed,
                renewal_amount=amount * 2,
                renewal_on=disbursed,
                state=state,
                decided_by=approver,
                disbursed_by=payer,
                disbursed_on=disbursed,
                due_on=disbursed + timedelta(days=term),
                repaid_on=repaid,
                fee=fee.quantize(Decimal("0.01")),
            )
        )
    BridgeLoan.objects.bulk_create(rows, batch_size=2000)
    return sum((r.approved_amount for r in rows if r.state == BridgeLoanState.DISBURSED), Decimal(0))


def _timed(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries)  # read now: the next request resets the connection's log
    assert response.status_code == 200, url
    samples = []
    for i in range(WARMUP + N):
        started = time.monotonic()
        client.get(url)
        if i >= WARMUP:
            samples.append((time.monotonic() - started) * 1000)
    return {
        "queries": count,
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(_p95(samples), 1),
    }


def test_bridge_loans_at_volume():
    from accounts.models import Role, User
    from funds.loader import funds_load_file
    from funds.models import BridgeLoan, JournalEntry
    from funds.services.daily import run_daily
    from funds.services.ledger import credit, debit, post_entry
    from programs.loader import DEFAULT_PROGRAMME_FILE, programme_load_file
    from programs.models import Bank, Department, Programme

    if not Programme.objects.filter(code="luofa-2016-23").exists():
        programme_load_file(path=DEFAULT_PROGRAMME_FILE)
    fund = funds_load_file()
    bridge = fund.sub_funds.get(code="bridge")
    bridge.params = {**bridge.params, "overdue_share_limit": "1"}  # measure the task, not the pause
    bridge.save()
    agency = Department.objects.get(code="fund_manager")
    approver = User.objects.create(username="bench_approver", role=Role.DEPARTMENT, department=agency)
    payer = User.objects.create(username="bench_payer", role=Role.DEPARTMENT, department=agency)
    applicant = User.objects.create(username="bench_office", role=Role.OFFICE)
    superuser = User.objects.create(
        username="bench_superuser", role=Role.ADMIN, is_staff=True, is_superuser=True
    )
    enterprises = _enterprises(1500)
    banks = list(Bank.objects.all())
    results = {"sizes": {}}
    client = Client()
    client.force_login(payer)
    admin = Client()
    admin.force_login(superuser)
    for size in SIZES:
        before = BridgeLoan.objects.count()
        outstanding = _loans(
            bridge,
            enterprises,
            banks,
            applicant,
            approver,
            payer,
            size - before,
            overdue=OVERDUE if before == 0 else 0,
            start_serial=before,
        )
        post_entry(
            bridge,
            [debit("loans_outstanding", outstanding), credit("cash", outstanding)],
            caused_by=None,
            memo=f"基准测试期初在贷 {size}",
            kind="disburse",
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE funds_bridgeloan")
        pages = {
            "overview": _timed(client, "/funds/"),
            "ledger": _timed(client, "/funds/bridge/ledger/"),
            "trial_balance": _timed(client, "/funds/bridge/trial-balance/"),
            "bridge_list": _timed(client, "/funds/bridge/"),
            # the same rows on the admin site: every loan; the bridge sub-fund's entries
            "admin_bridge_list": _timed(admin, "/admin/funds/bridgeloan/"),
            "admin_ledger": _timed(admin, f"/admin/funds/journalentry/?sub_fund__id__exact={bridge.pk}"),
        }
        pages["p95_over_admin"] = {
            name: round(pages[name]["p95_ms"] / max(pages[f"admin_{name}"]["p95_ms"], 0.1), 2)
            for name in ("bridge_list", "ledger")
        }
        results["sizes"][size] = {"loans": BridgeLoan.objects.count(), "pages": pages}
        if size == SIZES[-1]:
            entries = JournalEntry.objects.count()
            started = time.monotonic()
            with CaptureQueriesContext(connection) as queries:
                first = run_daily()
            results["daily_first"] = {
                "loans": BridgeLoan.objects.count(),
                "seconds": round(time.monotonic() - started, 2),
                "queries": len(queries),
                "overdue_marked": first.overdue_marked,
                "penalties": first.penalties_posted,
                "credit_records": first.credit_records,
                "queries_per_overdue_loan": round(len(queries) / max(first.overdue_marked, 1), 1),
            }
            # set-wise but for the credit records: far from the 30 queries a loan of one by one
            assert len(queries) < 100 + 40 * first.credit_records, results["daily_first"]
            entries_after = JournalEntry.objects.count()
            started = time.monotonic()
            with CaptureQueriesContext(connection) as queries:
                second = run_daily()
            results["daily_second"] = {
                "seconds": round(time.monotonic() - started, 3),
                "queries": len(queries),
                "changed": second.changed,
            }
            assert not second.changed and JournalEntry.objects.count() == entries_after
            assert first.overdue_marked == OVERDUE and entries_after - entries == OVERDUE
            assert len(queries) < 20
    small, large = (results["sizes"][s]["pages"] for s in SIZES)
    for name in small:
        if name == "p95_over_admin":
            continue
        assert small[name]["queries"] == large[name]["queries"] > 0, (name, small[name], large[name])
    print(json.dumps(results, ensure_ascii=False, indent=1))
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
