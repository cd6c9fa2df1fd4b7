"""The funds on the admin site, read-only: every row changes only through the funds services (pages,
API, the daily task), which keep the ledger balanced and audit each write. The changelists (a superuser's:
the system administrator holds no fund rights) are the benchmark's reference for the fund pages."""

from django.contrib import admin

from core.admin import ReadOnlyAdminMixin

from .models import (
    AccountBalance,
    BridgeLoan,
    CapitalCall,
    Contributor,
    Distribution,
    Fund,
    Guarantee,
    GuaranteeClaim,
    GuaranteeRecovery,
    GuidanceInvestment,
    JournalEntry,
    SubFund,
)


@admin.register(Fund)
class FundAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "programme", "manager")
    list_select_related = ("programme", "manager")


@admin.register(SubFund)
class SubFundAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "kind", "fund", "size")
    list_filter = ("kind",)
    list_select_related = ("fund",)


@admin.register(Contributor)
class ContributorAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("sub_fund", "code", "name", "kind", "committed", "paid_in", "ratio")
    list_filter = ("kind", "sub_fund")
    list_select_related = ("sub_fund",)


@admin.register(AccountBalance)
class AccountBalanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("sub_fund", "code", "kind", "debit_total", "credit_total", "balance", "updated_at")
    list_filter = ("sub_fund", "kind")
    list_select_related = ("sub_fund",)


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "sub_fund", "date", "kind", "memo", "amount", "caused_by", "created_at")
    list_filter = ("sub_fund", "kind")
    list_select_related = ("sub_fund", "caused_by")
    search_fields = ("memo", "key")
    date_hierarchy = "date"


@admin.register(BridgeLoan)
class BridgeLoanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "enterprise", "town", "bank", "amount", "term_days", "state", "due_on", "fee")
    list_filter = ("state", "town", "bank")
    list_select_related = ("enterprise", "town", "bank")
    search_fields = ("enterprise__name", "enterprise__uscc")


@admin.register(Guarantee)
class GuaranteeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "enterprise", "bank", "loan_contract", "principal", "exposure", "state", "loan_end")
    list_filter = ("state", "bank")
    list_select_related = ("enterprise", "bank")
    search_fields = ("enterprise__name", "enterprise__uscc", "loan_contract")


@admin.register(GuaranteeClaim)
class GuaranteeClaimAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "guarantee",
        "state",
        "default_on",
        "outstanding_principal",
        "fund_amount",
        "paid_on",
    )
    list_filter = ("state",)
    list_select_related = ("guarantee__enterprise", "guarantee__bank")


@admin.register(GuaranteeRecovery)
class GuaranteeRecoveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "claim", "amount", "fund_amount", "bank_amount", "other_amount", "recovered_on")
    list_select_related = ("claim__guarantee__enterprise", "claim__guarantee__bank")


@admin.register(GuidanceInvestment)
class GuidanceInvestmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "enterprise",
        "amount",
        "social_amount",
        "invested_on",
        "state",
        "proceeds",
        "buyer",
    )
    list_filter = ("state",)
    list_select_related = ("enterprise",)
    search_fields = ("enterprise__name", "enterprise__uscc")


@admin.register(CapitalCall)
class CapitalCallAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "fund", "amount", "called_on", "note")
    list_select_related = ("fund",)


@admin.register(Distribution)
class DistributionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "fund", "amount", "distributed_on", "note")
    list_select_related = ("fund",)
