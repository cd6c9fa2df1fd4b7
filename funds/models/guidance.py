"""产业引导基金 (第21条 "引导社会资本与政府基金合作，按出资比例，共同建立融资平台"): the guidance fund's equity
investments in enterprises alongside social capital, capital calls on its contributors, exits,
distributions by contribution ratio and the buy-back of the government's share on 让利 terms.

Every movement of money is a ledger entry of the guidance sub-fund (funds/services/guidance.py).
Money in 元, Decimal with two places.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import at_least, positive
from core.models import TimeStampedModel
from core.models_base import actor_field, relation, state_field, yuan_field
from enterprises.fields import enterprise_field

from .funds import Contributor, SubFund
from .support import ZERO, PoolSupport


class GuidanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The agency, 区金融办, 区财政局 and the office read the guidance fund's investments; an
        enterprise its own. Anyone else: none."""
        from accounts.models import Role

        from ..permissions_guarantees import is_fund_reader

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if is_fund_reader(user):
            return self
        if user.role == Role.ENTERPRISE:
            return self.filter(enterprise_id=user.enterprise_id)
        return self.none()


class FundReaderQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Capital calls and distributions: the agency, 区金融办, 区财政局 and the office."""
        from ..permissions_guarantees import is_fund_reader

        return self if is_fund_reader(user) else self.none()


class InvestmentState(models.TextChoices):
    HELD = "held", _("持有中")
    EXITED = "exited", _("已退出")
    BOUGHT_BACK = "bought_back", _("已回购")


class GuidanceInvestment(TimeStampedModel, PoolSupport):
    """One equity investment of the guidance fund in an enterprise, made together with social capital
    (`co_investors`); the fund's share of the round is within the government's cap."""

    fund = relation(SubFund, _("引导基金"), related_name="investments")
    enterprise = enterprise_field(_("被投企业"), related_name="guidance_investments")
    amount = yuan_field(_("引导基金出资（元）"))
    social_amount = yuan_field(_("社会资本出资（元）"))
    invested_on = models.DateField(_("投资日期"))
    state = state_field(InvestmentState.HELD)
    closed_on = models.DateField(_("退出日期"), null=True, blank=True)
    proceeds = yuan_field(_("退出收回（元）"), default=ZERO)
    buyer = models.CharField(_("回购方"), max_length=100, blank=True)
    created_by = actor_field(_("经办人"), null=True)

    objects = GuidanceQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("引导基金投资")
        ordering = ["-invested_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="guidance_investment_amounts",
                condition=Q(amount__gt=0, social_amount__gte=0, proceeds__gte=0),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.amount}元"

    @property
    def government_share(self) -> Decimal:
        return (self.amount / (self.amount + self.social_amount)).quantize(Decimal("0.0001"))


class CoInvestor(models.Model):
    """A social-capital investor in the same round (跟投的社会资本)."""

    investment = relation(
        GuidanceInvestment, _("投资"), on_delete=models.CASCADE, related_name="co_investors"
    )
    name = models.CharField(_("社会资本方"), max_length=100)
    amount = yuan_field(_("出资（元）"))

    class Meta:
        verbose_name = verbose_name_plural = _("社会资本合作方")
        ordering = ["investment", "id"]
        constraints = [positive("amount", "co_investor_amount_positive")]

    def __str__(self):
        return self.name


class ContributorMoney(TimeStampedModel):
    """Money of the guidance fund that moves between it and all its contributors at once (a capital call
    or a distribution), split into one share row per contributor by contribution ratio."""

    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = actor_field(_("经办人"), null=True)

    objects = FundReaderQuerySet.as_manager()

    day_field = ""  # the date of the movement, for its name

    class Meta:
        abstract = True

    def __str__(self):
        return f"{getattr(self, self.day_field):%Y-%m-%d} {self.amount}元"


class ContributorShare(models.Model):
    """One contributor's share of a ContributorMoney."""

    contributor = relation(Contributor, _("出资人"))

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.contributor} {self.amount}元"


class CapitalCall(ContributorMoney):
    """A call on the guidance fund's contributors (缴款通知): each pays its contribution ratio."""

    fund = relation(SubFund, _("引导基金"), related_name="capital_calls")
    amount = yuan_field(_("缴款总额（元）"))
    called_on = models.DateField(_("缴款通知日"))

    day_field = "called_on"

    class Meta:
        verbose_name = verbose_name_plural = _("缴款通知")
        ordering = ["-called_on", "-id"]
        constraints = [positive("amount", "capital_call_positive")]


class CapitalCallShare(ContributorShare):
    call = relation(CapitalCall, _("缴款通知"), on_delete=models.CASCADE, related_name="shares")
    amount = yuan_field(_("应缴（元）"))
    paid_on = models.DateField(_("实缴日期"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("应缴份额")
        ordering = ["call", "contributor__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "contributor"], name="capital_call_share_once"),
            at_least("amount", 0, "capital_call_share_nonnegative"),
        ]


class Distribution(ContributorMoney):
    """Money the guidance fund returns to its contributors (收益分配及退出返还), by contribution ratio."""

    fund = relation(SubFund, _("引导基金"), related_name="distributions")
    amount = yuan_field(_("分配总额（元）"))
    distributed_on = models.DateField(_("分配日期"))

    day_field = "distributed_on"

    class Meta:
        verbose_name = verbose_name_plural = _("收益分配")
        ordering = ["-distributed_on", "-id"]
        constraints = [positive("amount", "distribution_positive")]


class DistributionShare(ContributorShare):
    distribution = relation(Distribution, _("收益分配"), on_delete=models.CASCADE, related_name="shares")
    amount = yuan_field(_("分得（元）"))

    class Meta:
        verbose_name = verbose_name_plural = _("分配份额")
        ordering = ["distribution", "contributor__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["distribution", "contributor"], name="distribution_share_once"),
            at_least("amount", 0, "distribution_share_nonnegative"),
        ]
