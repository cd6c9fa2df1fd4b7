"""Builders shared by the guarantee and guidance tests: a bank's submitted guarantee on a pool entry,
the ledger's balances and its invariants."""

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from funds.models import AccountBalance, JournalEntry, JournalLine, SubFund
from funds.services import guarantees as services
from programs.models import Pool
from tests.factories import BankUserFactory, EnterpriseFactory, PoolEntryFactory

LOAN_START, LOAN_END = date(2025, 1, 1), date(2026, 1, 1)  # 365 days


def pool_enterprise(programme, name=None, town=None):
    """An enterprise with an approved pool entry of the programme."""
    enterprise = EnterpriseFactory(**({"name": name} if name else {}), **({"town": town} if town else {}))
    PoolEntryFactory(
        pool=Pool.objects.filter(programme=programme).order_by("pk").first(), enterprise=enterprise
    )
    return enterprise


def bank_user(code="abc_luozhuang", username=None):
    from programs.models import Bank

    bank = Bank.objects.get(code=code)
    return BankUserFactory(username=username or f"bank_{code}", bank=bank)


def apply(
    bank,
    fund,
    enterprise,
    principal,
    *,
    fee_rate="0.01",
    bank_share="0.2",
    fund_share="0.8",
    other_share="0",
    submit=True,
):
    return services.guarantee_create(
        actor=bank,
        fund=fund,
        enterprise=enterprise,
        loan_contract=f"借字{enterprise.pk}-{principal}",
        principal=Decimal(principal),
        loan_start=LOAN_START,
        loan_end=LOAN_END,
        fee_rate=Decimal(fee_rate),
        bank_share=Decimal(bank_share),
        fund_share=Decimal(fund_share),
        other_share=Decimal(other_share),
        submit=submit,
    )


def set_params(fund: SubFund, **values) -> SubFund:
    params = {**fund.params, **{k: str(v) for k, v in values.items()}}
    SubFund.objects.filter(pk=fund.pk).update(params=params)
    return SubFund.objects.get(pk=fund.pk)


def balance(fund: SubFund, code: str) -> Decimal:
    return AccountBalance.objects.get(sub_fund=fund, code=code).balance


def assert_ledger_sound(fund: SubFund) -> None:
    """Every entry balanced, no asset below zero, each balance row equal to the sum of its lines."""
    for entry in JournalEntry.objects.filter(sub_fund=fund).prefetch_related("lines"):
        lines = list(entry.lines.all())
        assert len(lines) >= 2
        assert sum(x.debit for x in lines) == sum(x.credit for x in lines) == entry.amount, entry
    for row in AccountBalance.objects.filter(sub_fund=fund):
        if row.kind == "asset":
            assert row.balance >= 0, row
        totals = JournalLine.objects.filter(account_id=row.account_id).aggregate(
            d=Sum("debit"), c=Sum("credit")
        )
        assert (totals["d"] or 0) == row.debit_total and (totals["c"] or 0) == row.credit_total, row


def fund_business_rows(programme, enterprise, bank) -> dict:
    """One row of each scoped model of the guarantee and guidance business, written directly (for the
    access table's world, which has no fund file): a claimed guarantee of `bank` to `enterprise` with
    its claim, an investment in `enterprise`, a capital call and a distribution."""
    from funds.models import CapitalCall, Distribution, GuaranteeClaim, GuidanceInvestment
    from funds.models.guarantees import Guarantee, GuaranteeState
    from tests.factories.funds import funded_sub_fund

    guarantee_fund = funded_sub_fund(kind="guarantee", fund__programme=programme, name="融资担保基金")
    guidance_fund = funded_sub_fund(kind="guidance", fund__programme=programme, name="产业引导基金")
    guarantee = Guarantee.objects.create(
        fund=guarantee_fund, bank=bank, enterprise=enterprise, loan_contract="借字001", principal=Decimal("1000000"),
        loan_start=LOAN_START, loan_end=LOAN_END, fee_rate=Decimal("0.01"), bank_share=Decimal("0.2"),
        fund_share=Decimal("0.8"), exposure=Decimal("800000"), state=GuaranteeState.CLAIMED,
    )  # fmt: skip
    claim = GuaranteeClaim.objects.create(
        guarantee=guarantee, default_on=LOAN_START, outstanding_principal=Decimal("100"), fund_amount=Decimal("80"),
        bank_amount=Decimal("20"), other_amount=Decimal("0"), due_on=LOAN_END,
    )  # fmt: skip
    investment = GuidanceInvestment.objects.create(
        fund=guidance_fund,
        enterprise=enterprise,
        amount=Decimal("100"),
        social_amount=Decimal("300"),
        invested_on=LOAN_START,
    )
    call = CapitalCall.objects.create(fund=guidance_fund, amount=Decimal("100"), called_on=LOAN_START)
    distribution = Distribution.objects.create(
        fund=guidance_fund, amount=Decimal("100"), distributed_on=LOAN_START
    )
    return {
        "guarantee": guarantee,
        "claim": claim,
        "investment": investment,
        "call": call,
        "distribution": distribution,
    }
