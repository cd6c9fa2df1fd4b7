"""The parent fund (工业转型升级母基金), its sub-funds and their contributors, loaded from a file
(funds/data/*.yaml) and tied to the programme. Rule parameters are data the fund agency edits."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import code_unique_in, positive
from core.models import TimeStampedModel
from core.models_base import SignedInQuerySet, moment_field, order_field, relation, yuan_field
from programs.fields import department_field, programme_field

# The department that runs the funds (第21条 "成立专门的基金管理机构").
AGENCY_DEPARTMENT = "fund_manager"
# Departments that read every fund's figures and ledger besides the agency (牵头部门：区财政局、区金融办).
OVERSIGHT_DEPARTMENTS = ("fund_manager", "financial_office", "finance")


class FundQuerySet(SignedInQuerySet):
    """Sizes, contributors and rules are public inside the portal: every business user may read them."""


class Fund(TimeStampedModel):
    """The parent fund of a programme: 工业转型升级母基金 (罗发〔2016〕23号 第21条)."""

    programme = programme_field(_("方案"), related_name="funds")
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    manager = department_field(_("基金管理机构"), optional=True)
    source_file = models.CharField(_("来源文件"), max_length=200, blank=True)

    objects = FundQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("母基金")
        ordering = ["code"]

    def __str__(self):
        return self.name


class SubFundKind(models.TextChoices):
    GUIDANCE = "guidance", _("产业引导基金")
    BRIDGE = "bridge", _("过桥还贷基金")
    GUARANTEE = "guarantee", _("融资担保基金")


class SubFund(TimeStampedModel):
    """One of the three sub-funds. `size` is the planned size in 元; `params` the rule parameters
    (funds.rules declares each kind's keys, types and bounds), `param_sources` the published rule each
    default came from. `paused` stops new money (the bridge fund pauses when overdue loans pass its
    limit; the daily task resumes it)."""

    fund = relation(Fund, _("母基金"), related_name="sub_funds")
    code = models.SlugField(_("代码"), max_length=40)
    kind = models.CharField(_("类别"), max_length=16, choices=SubFundKind.choices)
    name = models.CharField(_("名称"), max_length=60)
    size = yuan_field(_("规模（元）"))
    params = models.JSONField(_("规则参数"), default=dict, blank=True)
    param_sources = models.JSONField(_("参数依据"), default=dict, blank=True)
    order = order_field()
    paused = models.BooleanField(_("暂停新增"), default=False)
    paused_at = moment_field(_("暂停时间"))
    paused_reason = models.CharField(_("暂停原因"), max_length=300, blank=True)
    # True when the fund's own rule paused it (the bridge fund's overdue share): the daily task then
    # resumes it once below the limit; a pause by the agency is lifted by the agency only.
    paused_by_rule = models.BooleanField(_("按规则暂停"), default=False)

    objects = FundQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("子基金")
        ordering = ["fund", "order", "code"]
        constraints = [
            code_unique_in("fund", "funds_subfund_code_unique"),
            positive("size", "funds_subfund_size_positive"),
        ]

    def __str__(self):
        return self.name

    def param(self, key: str, default=None):
        """A rule parameter as its declared type (Decimal, int or bool); see funds.rules."""
        from ..rules import typed_param

        return typed_param(self, key, default)


class ContributorKind(models.TextChoices):
    GOVERNMENT = "government", _("政府出资")
    SOCIAL = "social", _("社会资本")


class Contributor(TimeStampedModel):
    """Who puts money into a sub-fund (引导社会资本与政府基金合作，按出资比例). `paid_in` moves only with a
    ledger entry (capital paid in); `ratio` is the share of gains and losses (按出资比例)."""

    sub_fund = relation(SubFund, _("子基金"), related_name="contributors")
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("出资人"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=ContributorKind.choices)
    committed = yuan_field(_("认缴（元）"))
    paid_in = yuan_field(_("实缴（元）"), default=Decimal("0"))
    ratio = models.DecimalField(_("出资比例"), max_digits=7, decimal_places=6)
    order = order_field()

    objects = FundQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("出资人")
        ordering = ["sub_fund", "order", "code"]
        constraints = [
            code_unique_in("sub_fund", "funds_contributor_code_unique"),
            models.CheckConstraint(
                name="funds_contributor_amounts",
                condition=Q(committed__gte=0, paid_in__gte=0, paid_in__lte=models.F("committed")),
            ),
            models.CheckConstraint(name="funds_contributor_ratio", condition=Q(ratio__gt=0, ratio__lte=1)),
        ]

    def __str__(self):
        return self.name
