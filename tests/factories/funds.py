"""Funds: a parent fund of a programme and its sub-funds with their chart of accounts.

`funded_sub_fund(kind=..., cash=...)` gives a sub-fund whose ledger has `cash` paid in (one entry),
for tests that need money without loading the fund file (the file needs 罗发〔2016〕23号 loaded)."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from funds.models import BridgeLoan, Contributor, ContributorKind, Fund, SubFund, SubFundKind

from .accounts import TownUserFactory
from .enterprises import EnterpriseFactory
from .programs import BankFactory, ProgrammeFactory


class FundFactory(DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ("code",)

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"fund{n}")
    name = "工业转型升级母基金"


class SubFundFactory(DjangoModelFactory):
    class Meta:
        model = SubFund

    fund = factory.SubFactory(FundFactory)
    code = SubFundKind.BRIDGE
    kind = SubFundKind.BRIDGE
    name = "过桥还贷基金"
    size = Decimal("100000000.00")
    params = factory.LazyAttribute(lambda o: default_params(o.kind))


class ContributorFactory(DjangoModelFactory):
    class Meta:
        model = Contributor

    sub_fund = factory.SubFactory(SubFundFactory)
    code = factory.Sequence(lambda n: f"c{n}")
    name = factory.Sequence(lambda n: f"出资人{n}")
    kind = ContributorKind.GOVERNMENT
    committed = Decimal("100000000.00")
    ratio = Decimal("1")


def default_params(kind: str) -> dict:
    """The fund file's defaults for a kind (funds/data/luofa-2016-23-funds.yaml)."""
    from funds.loader import DEFAULT_FUNDS_FILE, read_file
    from funds.rules import validate_params

    for row in read_file(DEFAULT_FUNDS_FILE)["sub_funds"]:
        if row["kind"] == kind:
            return validate_params(kind, {k: v["value"] for k, v in row["params"].items()})
    return {}


def funded_sub_fund(*, kind: str = SubFundKind.BRIDGE, cash="80000000.00", paid_on=None, **kwargs) -> SubFund:
    from funds.services.funds import capital_pay_in
    from funds.services.ledger import ensure_accounts

    sub_fund = SubFundFactory(kind=kind, code=kind, **kwargs)
    ensure_accounts(sub_fund)
    contributor = ContributorFactory(sub_fund=sub_fund, committed=sub_fund.size)
    if Decimal(cash) > 0:
        capital_pay_in(actor=None, contributor=contributor, amount=Decimal(cash), date=paid_on)
    sub_fund.refresh_from_db()
    return sub_fund


class BridgeLoanFactory(DjangoModelFactory):
    """An application for a bridge loan (state applied) of `enterprise` at a bank."""

    class Meta:
        model = BridgeLoan

    sub_fund = factory.SubFactory(SubFundFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    town = factory.SelfAttribute("enterprise.town")
    bank = factory.SubFactory(BankFactory)
    applied_by = factory.SubFactory(TownUserFactory, town=factory.SelfAttribute("..enterprise.town"))
    amount = Decimal("1000000.00")
    term_days = 10
    loan_amount = Decimal("2000000.00")
    loan_due_on = factory.LazyFunction(lambda: date(2026, 12, 20))
