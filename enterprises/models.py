from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bounds import validate_phone
from core.constraints import positive
from core.models import TimeStampedModel
from core.models_base import note_field, relation, wan_yuan_field
from enterprises.fields import enterprise_field
from programs.fields import town_field
from programs.models import Industry, LeadingIndustry, Park

from .uscc import normalize, validate_uscc


def _registry_rows(queryset, user, *, enterprise_field: str):
    """The registry's one rule (enterprises, and projects by the town where they are built): the
    office and every department all of it, a town its own, an enterprise its own, anyone else none."""
    from accounts.models import Role

    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.role in (Role.OFFICE, Role.DEPARTMENT):
        return queryset
    if user.role == Role.TOWN:
        return queryset.filter(town_id=user.town_id)
    if user.role == Role.ENTERPRISE:
        return queryset.filter(**{enterprise_field: user.enterprise_id})
    return queryset.none()


class EnterpriseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides which enterprises a user may see (allow-list by business role).

        The office and every department: the whole registry (a department records credit information
        on any enterprise and guides its pools' nominations, 第19、20条). A town: its own enterprises.
        An enterprise: itself. Any other role (the administrators): none."""
        return _registry_rows(self, user, enterprise_field="pk")


class Enterprise(TimeStampedModel):
    # What a town or the office enters and edits: the form, the API and the Excel columns, in this order.
    EDITABLE_FIELDS = (
        "uscc",
        "name",
        "town",
        "industry",
        "leading_industry",
        "is_above_scale",
        "status",
        "legal_representative",
        "established_on",
        "address",
        "contact_name",
        "contact_phone",
        "contact_email",
    )
    # Flags the towns and the office keep for the district targets of items 3 and 5 (the cockpit
    # derives 传统产业高端化改造企业占比 and 盘活低效企业占比 from them); edited on the form and the API.
    FLAG_FIELDS = ("is_traditional", "is_upgraded", "is_low_efficiency", "is_revitalized")

    class Status(models.TextChoices):
        OPERATING = "operating", _("正常经营")
        SUSPENDED = "suspended", _("停产")
        CLOSED = "closed", _("倒闭")
        BANKRUPT = "bankrupt", _("破产")

    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        validators=[validate_uscc],
        error_messages={"unique": _("该统一社会信用代码已登记，同一企业不能重复登记。")},
    )
    name = models.CharField(_("企业名称"), max_length=100, db_index=True)
    town = town_field(_("所属街镇"), related_name="enterprises")
    industry = relation(Industry, _("所属行业"))
    leading_industry = relation(LeadingIndustry, _("主导产业"), optional=True)
    is_above_scale = models.BooleanField(
        _("规模以上"), default=False, help_text=_("规上企业（年主营业务收入2000万元及以上）")
    )
    status = models.CharField(_("经营状态"), max_length=12, choices=Status.choices, default=Status.OPERATING)
    is_traditional = models.BooleanField(_("传统产业企业"), default=False)
    is_upgraded = models.BooleanField(
        _("已完成高端化改造"), default=False, help_text=_("传统产业企业完成高端化改造")
    )
    is_low_efficiency = models.BooleanField(
        _("低效企业"), default=False, help_text=_("停产、倒闭、破产及僵尸企业")
    )
    is_revitalized = models.BooleanField(_("已盘活"), default=False, help_text=_("低效企业已盘活"))
    legal_representative = models.CharField(_("法定代表人"), max_length=40, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("企业")
        ordering = ["town__order", "name"]
        indexes = [
            models.Index(fields=["town", "name"], name="enterprise_town_name_idx"),
            models.Index(fields=["industry"], name="enterprise_industry_idx"),
            models.Index(fields=["leading_industry"], name="enterprise_leading_idx"),
            models.Index(fields=["is_above_scale"], name="enterprise_scale_idx"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.uscc = normalize(self.uscc)
        self.name = (self.name or "").strip()
        self.contact_phone = (self.contact_phone or "").strip()
        try:
            validate_phone(self.contact_phone)
        except ValidationError as exc:
            raise ValidationError({"contact_phone": exc.messages}) from exc


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides which projects a user may see: as for enterprises, by the town
        where the project is built. Any other role (the administrators): none."""
        return _registry_rows(self, user, enterprise_field="enterprise_id")


class Project(TimeStampedModel):
    # What the town official edits (the page and the API offer the same fields).
    EDITABLE_FIELDS = (
        "name",
        "enterprise",
        "town",
        "total_investment",
        "leading_industry",
        "park",
        "status",
        "start_year",
        "description",
    )

    class Status(models.TextChoices):
        PLANNED = "planned", _("谋划")
        UNDER_CONSTRUCTION = "under_construction", _("在建")
        COMPLETED = "completed", _("竣工")

    name = models.CharField(_("项目名称"), max_length=150, db_index=True)
    enterprise = enterprise_field(_("建设单位"), related_name="projects")
    town = town_field(_("所属街镇"), related_name="projects")
    total_investment = wan_yuan_field(_("总投资（万元）"))
    leading_industry = relation(LeadingIndustry, _("主导产业"), optional=True)
    park = relation(Park, _("所在小镇（园区）"), related_name=None, optional=True)
    status = models.CharField(_("建设状态"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    start_year = models.PositiveSmallIntegerField(_("开工年度"), null=True, blank=True)
    description = note_field(_("建设内容"))

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("项目")
        ordering = ["town__order", "name"]
        indexes = [
            models.Index(fields=["town", "name"], name="project_town_name_idx"),
            models.Index(fields=["leading_industry"], name="project_leading_idx"),
        ]
        constraints = [
            positive("total_investment", "project_investment_positive"),
            models.UniqueConstraint(fields=["enterprise", "name"], name="project_name_unique_per_enterprise"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # The check constraint's own message names the constraint; officials need it on the field.
        if self.total_investment is not None and self.total_investment <= 0:
            raise ValidationError({"total_investment": _("总投资须大于0万元。")})
