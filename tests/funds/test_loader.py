"""The fund file: validated with the place named, all-or-nothing, audited, idempotent."""

import copy

import pytest

from core.models import AuditLog
from funds.loader import DEFAULT_FUNDS_FILE, FundFileError, funds_load, read_file
from funds.models import Fund, JournalEntry, SubFund

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return read_file(DEFAULT_FUNDS_FILE)


def test_every_default_names_its_source(data):
    for sub in data["sub_funds"]:
        for key, spec in sub["params"].items():
            assert spec["source"].strip(), (sub["code"], key)


def test_sizes_are_the_seeds(data):
    assert {s["code"]: s["size"] for s in data["sub_funds"]} == {
        "guidance": 100000000,
        "bridge": 100000000,
        "guarantee": 300000000,
    }


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["sub_funds"][1]["contributors"][1].update(committed=50000000), "认缴合计"),
        (
            lambda d: d["sub_funds"][1]["params"]["renewal_share_max"].update(value="1.5"),
            "sub_funds[1].params",
        ),
        (lambda d: d["sub_funds"][2].update(kind="loan"), "sub_funds[2]"),
        (lambda d: d["fund"].update(programme="nope"), "尚未载入"),
        (lambda d: d["sub_funds"][0]["contributors"][1].update(paid_in=80000000), "实缴不能超过认缴"),
    ],
)
def test_a_bad_file_loads_nothing(programme, data, change, message):
    bad = copy.deepcopy(data)
    change(bad)
    with pytest.raises(FundFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        funds_load(data=bad)
    assert not Fund.objects.exists() and not SubFund.objects.exists() and not JournalEntry.objects.exists()


def test_loading_twice_changes_nothing_and_keeps_the_agencys_values(programme, data, agency_user):
    from funds.services.funds import params_update

    fund = funds_load(data=data, source_file="x.yaml")
    bridge = fund.sub_funds.get(code="bridge")
    params_update(actor=agency_user, sub_fund=bridge, values={**bridge.params, "max_term_days": 20})
    audits, entries = AuditLog.objects.count(), JournalEntry.objects.count()
    funds_load(data=data, source_file="x.yaml")
    assert AuditLog.objects.count() == audits and JournalEntry.objects.count() == entries
    bridge.refresh_from_db()
    assert bridge.param("max_term_days") == 20


def test_a_higher_paid_in_posts_the_difference(programme, data):
    fund = funds_load(data=data)
    more = copy.deepcopy(data)
    more["sub_funds"][1]["contributors"][1]["paid_in"] = 30000000  # social capital: 2000万 → 3000万
    funds_load(data=more)
    bridge = fund.sub_funds.get(code="bridge")
    assert bridge.contributors.get(code="social_capital").paid_in == 30000000
    assert JournalEntry.objects.filter(sub_fund=bridge, kind="pay_in").count() == 3
