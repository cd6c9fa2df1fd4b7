"""Yearly assessment schemes as data (考核办法, 第25条): a scheme per subject (towns, departments,
enterprises' 诚信体系考核 and 发展体系考核), its indicators and how each is scored, bonus and penalty
items with caps (加减分), and grade bands. Loaded from a file (assessment/loader.py), edited by the
office on the portal; a run (runs.py) scores one year with the scheme as it stands then."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import code_unique_in, positive
from core.models import TimeStampedModel
from core.models_base import note_field, order_field, relation
from programs.fields import department_field, programme_field

from .common import NOTHING, Subject, _role


class SchemeCategory(models.TextChoices):
    GENERAL = "general", _("综合考核")
    CREDIT = "credit", _("诚信体系考核")
    DEVELOPMENT = "development", _("发展体系考核")


class SchemeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A scheme is the published method: every business role reads it; administrators none."""
        Role = _role()
        if not (user.is_authenticated and user.is_active) or user.role not in (
            Role.TOWN,
            Role.DEPARTMENT,
            Role.OFFICE,
            Role.ENTERPRISE,
        ):
            return self.none()
        return self


class Scheme(TimeStampedModel):
    programme = programme_field(_("方案"), on_delete=models.CASCADE, related_name="assessment_schemes")
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    subject = models.CharField(_("考核对象"), max_length=12, choices=Subject.choices)
    category = models.CharField(
        _("考核类别"), max_length=12, choices=SchemeCategory.choices, default=SchemeCategory.GENERAL
    )
    source = models.CharField(_("依据"), max_length=300, blank=True)
    notes = note_field(_("说明"))
    full_marks = models.DecimalField(_("基本分满分"), max_digits=6, decimal_places=2, default=100)
    # [{"code": "excellent", "name": "优秀", "min": "90"}, …] from the top: the first band whose min
    # the score reaches (min inclusive: 以上).
    bands = models.JSONField(_("等次"), default=list)
    excellent_share_cap = models.DecimalField(
        _("优秀比例上限（%）"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("留空表示不限；优秀不超过参评对象的该比例（含），超出者按得分顺延为下一等次"),
    )
    bonus_cap = models.DecimalField(_("加分上限"), max_digits=6, decimal_places=2, null=True, blank=True)
    penalty_cap = models.DecimalField(_("减分上限"), max_digits=6, decimal_places=2, null=True, blank=True)
    # Grades that earn 授信奖励 (enterprise schemes): ["excellent", "good"].
    reward_grades = models.JSONField(_("授信奖励等次"), default=list, blank=True)
    source_file = models.CharField(_("来源文件"), max_length=200, blank=True)
    order = order_field()

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("考核办法")
        ordering = ["programme", "order", "code"]
        constraints = [
            code_unique_in("programme", "scheme_code_per_programme"),
        ]

    def __str__(self):
        return self.name

    @property
    def excellent_code(self) -> str:
        return self.bands[0]["code"] if self.bands else ""


class IndicatorSection(models.TextChoices):
    SCORE = "score", _("基本分")
    BONUS = "bonus", _("加分项")
    PENALTY = "penalty", _("减分项")


class IndicatorKind(models.TextChoices):
    """Where an indicator's value comes from: computed from the portal's data, or entered by a rater."""

    NOMINATIONS_VS_QUOTA = "nominations_vs_quota", _("申报数量占应报份额")
    ENTRIES_APPROVED = "entries_approved", _("入库数量")
    ON_TIME_RATE = "on_time_rate", _("月报按时报送率")
    MILESTONE_COMPLETION = "milestone_completion", _("节点完成率")
    OVERDUE_MILESTONES = "overdue_milestones", _("逾期节点数")
    REVIEW_TURNAROUND = "review_turnaround", _("申报审核平均用时")
    CREDIT_GRADE = "credit_grade", _("信用等级")
    OUTPUT_GROWTH = "output_growth", _("产值增幅")
    TAX_GROWTH = "tax_growth", _("纳税额增幅")
    RATED = "rated", _("评分人打分")


class ScoringMethod(models.TextChoices):
    LINEAR = "linear", _("按完成比例")
    TIERS = "tiers", _("分档计分")
    TABLE = "table", _("对照表")
    RATED = "rated", _("评分人打分")
    PER_UNIT = "per_unit", _("按次计分")


class Indicator(models.Model):
    scheme = relation(Scheme, _("考核办法"), on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("指标"), max_length=100)
    section = models.CharField(
        _("类别"), max_length=8, choices=IndicatorSection.choices, default=IndicatorSection.SCORE
    )
    kind = models.CharField(_("数据来源"), max_length=24, choices=IndicatorKind.choices)
    method = models.CharField(_("计分方法"), max_length=10, choices=ScoringMethod.choices)
    weight = models.DecimalField(
        _("分值"), max_digits=6, decimal_places=2, help_text=_("基本分：满分；加减分：每次分值")
    )
    cap = models.DecimalField(_("本项上限"), max_digits=6, decimal_places=2, null=True, blank=True)
    # The method's numbers: {"target": "100"}, {"tiers": [["95", "1"], ["80", "0.8"]], "direction": …},
    # {"table": {"AAA": "1", …}}.
    params = models.JSONField(_("计分参数"), default=dict, blank=True)
    rater_department = department_field(_("评分部门"), optional=True)
    source = models.CharField(_("依据"), max_length=300, blank=True)
    description = models.CharField(_("说明"), max_length=500, blank=True)
    order = order_field()

    class Meta:
        verbose_name = verbose_name_plural = _("考核指标")
        ordering = ["scheme", "order", "id"]
        constraints = [
            code_unique_in("scheme", "indicator_code_per_scheme"),
            positive("weight", "indicator_weight_positive"),
            models.CheckConstraint(
                name="indicator_rated_has_rater",
                condition=~Q(kind="rated") | Q(rater_department__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.scheme.name} · {self.name}"

    @property
    def is_rated(self) -> bool:
        return self.kind == IndicatorKind.RATED


def rater_schemes(user):
    """Schemes with an indicator the user's department rates (a subquery), or none."""
    Role = _role()
    if not (user.is_authenticated and user.is_active and user.role == Role.DEPARTMENT):
        return NOTHING
    return Q(pk__in=Indicator.objects.filter(rater_department_id=user.department_id).values("scheme_id"))
