"""The double-entry ledger of every sub-fund.

- `Account`: one per sub-fund and chart code (funds.chart declares the codes: cash, loans_outstanding,
  capital_paid_in, fee_income …). Asset and expense accounts are debit-normal, the others credit-normal.
- `JournalEntry` + `JournalLine`: one movement of money; its lines sum to zero (debits = credits).
  Append-only: `save()` of an existing row, `delete()`, queryset `update()`/`delete()` raise, and on
  PostgreSQL and SQLite triggers refuse UPDATE and DELETE. A mistake is corrected by a reversing
  entry (`reverses`). On PostgreSQL a DEFERRABLE INITIALLY DEFERRED constraint trigger refuses, at
  commit, an entry whose lines do not balance, has fewer than two lines, or posts to another
  sub-fund's account.
- `AccountBalance`: the running totals of an account, updated by the one service
  (funds.services.ledger.post_entry) with F() under row locks. CheckConstraints (both databases)
  keep an asset account (cash available above all) from going below zero and the balance equal to
  its totals.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.constraints import code_unique_in, decimal_equals, positive
from core.models_base import AppendOnlyModel, actor_field, one_to_one, order_field, relation, yuan_field

from .funds import OVERSIGHT_DEPARTMENTS, SubFund

APPEND_ONLY = "The ledger is append-only: post a reversing entry instead of changing or deleting one."


class AccountKind(models.TextChoices):
    ASSET = "asset", _("资产")
    EQUITY = "equity", _("所有者权益")
    INCOME = "income", _("收入")
    EXPENSE = "expense", _("支出")
    LIABILITY = "liability", _("负债")


DEBIT_NORMAL = (AccountKind.ASSET, AccountKind.EXPENSE)


class LedgerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The ledger is read by the fund agency, 金融办, 财政局 and the office; nobody else."""
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.OFFICE:
            return self
        if (
            user.role == Role.DEPARTMENT
            and user.department_id
            and user.department.code in OVERSIGHT_DEPARTMENTS
        ):
            return self
        return self.none()


class AppendOnlyQuerySet(LedgerQuerySet):
    def update(self, **kwargs):
        raise TypeError(APPEND_ONLY)

    def delete(self):
        raise TypeError(APPEND_ONLY)


class Account(models.Model):
    sub_fund = relation(SubFund, _("子基金"), related_name="accounts")
    code = models.SlugField(_("科目代码"), max_length=40)
    name = models.CharField(_("科目名称"), max_length=60)
    kind = models.CharField(_("类别"), max_length=12, choices=AccountKind.choices)
    order = order_field()

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("会计科目")
        ordering = ["sub_fund", "order", "code"]
        constraints = [code_unique_in("sub_fund", "funds_account_code_unique")]

    def __str__(self):
        return f"{self.sub_fund}·{self.name}"

    @property
    def debit_normal(self) -> bool:
        return self.kind in DEBIT_NORMAL


class AccountBalance(models.Model):
    """An account's running totals. `balance` is on the account's normal side (debit − credit for asset
    and expense accounts, credit − debit for the others); `code` and `kind` copy the account's so
    that the constraints below need no join."""

    account = one_to_one(Account, _("科目"), primary_key=True, related_name="balance")
    sub_fund = relation(SubFund, _("子基金"))
    code = models.SlugField(_("科目代码"), max_length=40)
    kind = models.CharField(_("类别"), max_length=12, choices=AccountKind.choices)
    debit_total = yuan_field(_("借方合计"), default=0)
    credit_total = yuan_field(_("贷方合计"), default=0)
    balance = yuan_field(_("余额"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("科目余额")
        ordering = ["sub_fund", "account"]
        constraints = [
            models.CheckConstraint(
                name="funds_cash_available_nonnegative", condition=~Q(code="cash") | Q(balance__gte=0)
            ),
            models.CheckConstraint(
                name="funds_asset_balance_nonnegative", condition=~Q(kind="asset") | Q(balance__gte=0)
            ),
            models.CheckConstraint(
                name="funds_balance_totals_nonnegative", condition=Q(debit_total__gte=0, credit_total__gte=0)
            ),
            models.CheckConstraint(
                name="funds_balance_equals_totals",
                condition=(
                    (
                        Q(kind__in=list(DEBIT_NORMAL))
                        & decimal_equals("balance", F("debit_total") - F("credit_total"), 2)
                    )
                    | (
                        ~Q(kind__in=list(DEBIT_NORMAL))
                        & decimal_equals("balance", F("credit_total") - F("debit_total"), 2)
                    )
                ),
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.balance}"


class JournalEntry(AppendOnlyModel):
    """One movement of money in one sub-fund. `kind` names the movement (funds.chart.ENTRY_KINDS:
    pay_in, disburse, repay, fee, penalty, compensation, recovery, distribution, reversal …);
    `obj` is the business object it belongs to (a bridge loan, a guarantee, a contributor …);
    `key`, when given, makes the posting idempotent (one entry per sub-fund and key)."""

    append_only = APPEND_ONLY

    sub_fund = relation(SubFund, _("子基金"), related_name="journal_entries")
    date = models.DateField(_("记账日期"), db_index=True)
    kind = models.CharField(_("业务类型"), max_length=32)
    memo = models.CharField(_("摘要"), max_length=300)
    caused_by = actor_field(_("经办人"), null=True, blank=True)
    content_type = relation(ContentType, _("业务对象类型"), related_name=None, optional=True)
    object_id = models.PositiveBigIntegerField(_("业务对象"), null=True, blank=True)
    obj = GenericForeignKey("content_type", "object_id")
    reverses = one_to_one("self", _("冲销"), related_name="reversed_by", optional=True)
    key = models.CharField(_("幂等键"), max_length=120, blank=True)
    amount = yuan_field(_("金额（元）"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("记账凭证")
        ordering = ["sub_fund", "date", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="funds_entry_object_idx"),
            models.Index(fields=["sub_fund", "date", "id"], name="funds_entry_subfund_date_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sub_fund", "key"], condition=~Q(key=""), name="funds_entry_key_once"
            ),
            positive("amount", "funds_entry_amount_positive"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.date} {self.memo}"


class JournalLine(AppendOnlyModel):
    """One leg of an entry: exactly one of debit and credit is positive, the other zero."""

    append_only = APPEND_ONLY

    entry = relation(JournalEntry, _("凭证"), related_name="lines")
    account = relation(Account, _("科目"), related_name="lines")
    debit = yuan_field(_("借方"), default=0)
    credit = yuan_field(_("贷方"), default=0)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("分录")
        ordering = ["entry", "id"]
        constraints = [
            models.CheckConstraint(
                name="funds_line_one_side",
                condition=Q(debit__gt=0, credit=0) | Q(debit=0, credit__gt=0),
            ),
        ]

    def __str__(self):
        return f"{self.account_id} D{self.debit} C{self.credit}"
