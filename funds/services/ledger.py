"""The one way money moves in a sub-fund: `post_entry`. Everybody (bridge loans, guarantees, the
guidance fund, the loader's paid-in capital) posts through it.

    from funds.services.ledger import post_entry, transfer
    post_entry(sub_fund, transfer("loans_outstanding", "cash", amount),
               caused_by=user, obj=loan, memo="过桥资金拨付", date=today, kind="disburse",
               key=f"bridge-loan:{loan.pk}:disburse")

In one transaction, in this order (the lock order every caller keeps):

1. the sub-fund row is locked (`lock_sub_fund`; a caller that checks caps locks it first itself,
   the second lock in the same transaction is free);
2. the account balance rows of the lines are locked in account-id order;
3. the lines are checked: known account codes of this sub-fund, positive amounts with at most two
   decimals, exactly one side each, debits = credits, at least two lines; no asset account (cash
   available above all) may go below zero — a ValidationError saying which and by how much;
4. with a `key`, an entry with the same key returns the existing entry instead (idempotent posting
   for tasks that may run twice);
5. the entry and its lines are inserted, the balance rows updated with F(); one audit row.

`post_entries(sub_fund, [Posting(...), ...], caused_by=...)` posts many entries of one sub-fund by the
same steps, each once for the whole batch (a daily task's penalties); `post_entry` is its batch of one.

The database holds the same invariants as a second line: CheckConstraints on the balance rows (both
databases) and a deferred constraint trigger on PostgreSQL refusing an unbalanced entry at commit.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date as date_type
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit

from ..chart import BY_CODE, CHART
from ..models import Account, AccountBalance, AccountKind, JournalEntry, JournalLine, SubFund

CENT = Decimal("0.01")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Line:
    """One leg to post: the account's chart code, and a debit or a credit (the other zero)."""

    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO


def debit(account: str, amount) -> Line:
    return Line(account, debit=_amount(amount))


def credit(account: str, amount) -> Line:
    return Line(account, credit=_amount(amount))


def transfer(debit_account: str, credit_account: str, amount) -> list[Line]:
    """The two lines of a plain move of `amount`: Dr `debit_account`, Cr `credit_account`."""
    return [debit(debit_account, amount), credit(credit_account, amount)]


def _amount(value) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(_("金额须为数字。")) from exc
    if not amount.is_finite():
        raise ValidationError(_("金额须为数字。"))
    return amount


def ensure_accounts(sub_fund: SubFund) -> dict[str, Account]:
    """Every chart account and its balance row for the sub-fund (idempotent); returns them by code."""
    existing = {a.code: a for a in Account.objects.filter(sub_fund=sub_fund)}
    missing = [
        Account(sub_fund=sub_fund, code=c.code, name=str(c.name), kind=c.kind, order=i)
        for i, c in enumerate(CHART)
        if c.code not in existing
    ]
    if missing:
        Account.objects.bulk_create(missing)
        existing = {a.code: a for a in Account.objects.filter(sub_fund=sub_fund)}
    have = set(AccountBalance.objects.filter(sub_fund=sub_fund).values_list("account_id", flat=True))
    AccountBalance.objects.bulk_create(
        [
            AccountBalance(account=a, sub_fund=sub_fund, code=a.code, kind=a.kind)
            for a in existing.values()
            if a.pk not in have
        ]
    )
    return existing


def lock_sub_fund(sub_fund: SubFund | int) -> SubFund:
    """The sub-fund's row, locked to the end of the transaction: the first lock of every money move."""
    pk = sub_fund.pk if isinstance(sub_fund, SubFund) else sub_fund
    return SubFund.objects.select_for_update(of=("self",)).select_related("fund").get(pk=pk)


def _check_lines(lines: list[Line], accounts: dict[str, Account]) -> None:
    if len(lines) < 2:
        raise ValidationError(_("一张凭证至少要有一借一贷两条分录。"))
    debits = credits = ZERO
    for line in lines:
        if line.account not in accounts:
            raise ValidationError(_("未知会计科目“%(code)s”。") % {"code": line.account})
        for side in (line.debit, line.credit):
            if side < 0 or side != side.quantize(CENT):
                raise ValidationError(_("分录金额须为非负数，最多两位小数。"))
        if (line.debit > 0) == (line.credit > 0):
            raise ValidationError(_("每条分录须且只能在借方或贷方之一记正数金额。"))
        debits += line.debit
        credits += line.credit
    if debits != credits:
        raise ValidationError(
            _("借贷不平衡：借方合计 %(debit)s 元，贷方合计 %(credit)s 元。")
            % {"debit": debits, "credit": credits}
        )


@dataclass(frozen=True)
class Posting:
    """One entry to post with `post_entries`: the arguments of `post_entry` but the sub-fund and actor."""

    lines: tuple[Line, ...]
    memo: str
    obj: Model | None = None
    date: date_type | None = None
    kind: str = ""
    key: str = ""
    reverses: JournalEntry | None = None


def post_entry(
    sub_fund: SubFund,
    lines: Iterable[Line],
    *,
    caused_by,
    obj=None,
    memo: str,
    date: date_type | None = None,
    kind: str = "",
    key: str = "",
    reverses: JournalEntry | None = None,
) -> JournalEntry:
    """Post one balanced entry (see the module docstring). Returns the entry (the existing one when
    `key` was posted before). `caused_by` may be None for the daily task."""
    posting = Posting(tuple(lines), memo, obj=obj, date=date, kind=kind, key=key, reverses=reverses)
    return post_entries(sub_fund, [posting], caused_by=caused_by)[0]


def post_entries(sub_fund: SubFund, postings: Iterable[Posting], *, caused_by) -> list[JournalEntry]:
    """Post many entries of one sub-fund at once, all or nothing, each by the rules of `post_entry`
    (the module docstring's steps, once for the batch: one lock of the sub-fund, one of the balance
    rows, one insert of the entries, one of their lines, one update per account, one insert of the
    audit rows). Returns the entries in the postings' order; a key posted before (or earlier in the
    batch) returns that entry and posts nothing."""
    postings = [replace(p, memo=(p.memo or "").strip()[:300]) for p in postings]
    if any(not p.memo for p in postings):
        raise ValidationError(_("凭证须有摘要。"))
    with transaction.atomic():
        sub_fund = lock_sub_fund(sub_fund)
        keys = {p.key for p in postings if p.key}
        done = (
            {e.key: e for e in JournalEntry.objects.filter(sub_fund=sub_fund, key__in=keys)} if keys else {}
        )
        new: list[Posting] = []
        for p in postings:
            if not p.key or p.key not in done:
                new.append(p)
                if p.key:
                    done[p.key] = None  # type: ignore[assignment]  # posted below, in this batch
        if not new:
            return [done[p.key] for p in postings]
        accounts = {a.code: a for a in Account.objects.filter(sub_fund=sub_fund)}
        by_pk = {a.pk: a for a in accounts.values()}
        for p in new:
            _check_lines(list(p.lines), accounts)
        used = sorted({accounts[line.account].pk for p in new for line in p.lines})
        balances = {
            b.account_id: b
            for b in AccountBalance.objects.select_for_update()
            .filter(account_id__in=used)
            .order_by("account_id")
        }
        deltas: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
        for p in new:
            for line in p.lines:
                account = accounts[line.account]
                deltas[account.pk][0] += line.debit
                deltas[account.pk][1] += line.credit
        for account_id, (dr, cr) in deltas.items():
            account = by_pk[account_id]
            change = dr - cr if account.debit_normal else cr - dr
            if account.kind == AccountKind.ASSET and balances[account_id].balance + change < 0:
                raise ValidationError(
                    _("%(account)s余额不足：现有 %(balance)s 元，本次需 %(need)s 元。")
                    % {"account": account.name, "balance": balances[account_id].balance, "need": -change}
                )
        actor = caused_by if getattr(caused_by, "is_authenticated", False) else None
        today = timezone.localdate()
        entries = JournalEntry.objects.bulk_create(
            [
                JournalEntry(
                    sub_fund=sub_fund,
                    date=p.date or today,
                    kind=p.kind or ("reversal" if p.reverses is not None else ""),
                    memo=p.memo,
                    caused_by=actor,
                    content_type=ContentType.objects.get_for_model(p.obj) if p.obj is not None else None,
                    object_id=p.obj.pk if p.obj is not None else None,
                    reverses=p.reverses,
                    key=p.key,
                    amount=sum((line.debit for line in p.lines), ZERO),
                )
                for p in new
            ]
        )
        JournalLine.objects.bulk_create(
            [
                JournalLine(entry=entry, account=accounts[line.account], debit=line.debit, credit=line.credit)
                for entry, p in zip(entries, new, strict=True)
                for line in p.lines
            ]
        )
        for account_id, (dr, cr) in sorted(deltas.items()):
            account = by_pk[account_id]
            change = dr - cr if account.debit_normal else cr - dr
            AccountBalance.objects.filter(account_id=account_id).update(
                debit_total=F("debit_total") + dr,
                credit_total=F("credit_total") + cr,
                balance=F("balance") + change,
                updated_at=timezone.now(),
            )
        audit.record_many(
            actor=caused_by,
            entries=[
                audit.Entry(
                    audit.AuditAction.CREATE,
                    instance=entry,
                    after={
                        "sub_fund": sub_fund.code,
                        "date": entry.date.isoformat(),
                        "kind": entry.kind,
                        "key": p.key,
                        "reverses": p.reverses.pk if p.reverses is not None else None,
                        "lines": [[line.account, str(line.debit), str(line.credit)] for line in p.lines],
                    },
                    event="ledger.entry",
                    params={"memo": p.memo},
                )
                for entry, p in zip(entries, new, strict=True)
            ],
        )
        for entry, p in zip(entries, new, strict=True):
            if p.key:
                done[p.key] = entry
    keyless = iter([entry for entry, p in zip(entries, new, strict=True) if not p.key])
    return [done[p.key] if p.key else next(keyless) for p in postings]


def reverse_entry(
    entry: JournalEntry, *, caused_by, memo: str, date: date_type | None = None
) -> JournalEntry:
    """Correct a mistaken entry: post its mirror image (debits and credits swapped), linked by
    `reverses`; an entry is reversed at most once, and a reversal cannot be reversed."""
    if entry.reverses_id is not None:
        raise ValidationError(_("冲销凭证不能再冲销。"))
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("该凭证已冲销。"))
    lines = [
        Line(line.account.code, debit=line.credit, credit=line.debit)
        for line in entry.lines.select_related("account")
    ]
    return post_entry(
        entry.sub_fund,
        lines,
        caused_by=caused_by,
        obj=entry.obj,
        memo=memo or _("冲销凭证 #%(id)s") % {"id": entry.pk},
        date=date,
        kind="reversal",
        key=f"reversal:{entry.pk}",
        reverses=entry,
    )


__all__ = [
    "BY_CODE",
    "Line",
    "Posting",
    "credit",
    "debit",
    "ensure_accounts",
    "lock_sub_fund",
    "post_entry",
    "post_entries",
    "reverse_entry",
    "transfer",
]
