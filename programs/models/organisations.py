"""Departments, towns, banks, industries, leading industries and parks."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import audit_messages
from core.models_base import SignedInQuerySet, order_field, relation
from programs.fields import town_field

# --- organisations -----------------------------------------------------------------------------------


class ReferenceQuerySet(SignedInQuerySet):
    """Reference data (towns, departments, industries, the programme) is public inside the portal."""


class ReferenceModel(models.Model):
    """Reference data: public inside the portal (ReferenceQuerySet) and shown by its name."""

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class Department(ReferenceModel):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("政府部门")
        JUDICIAL = "judicial", _("司法机关")
        FINANCIAL = "financial", _("金融机构")
        AGENCY = "agency", _("其他机构")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.GOVERNMENT)
    order = order_field()
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("部门")
        ordering = ["order", "code"]


class Town(ReferenceModel):
    class Kind(models.TextChoices):
        STREET = "street", _("街道")
        TOWN = "town", _("镇")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices)
    division_code = models.CharField(_("区划代码"), max_length=12, blank=True)
    order = order_field()
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("街镇")
        ordering = ["order", "code"]


class Bank(ReferenceModel):
    """A bank branch of the district (第21、22条): a unit with its own accounts (role `bank`) that sees
    only its own loans, guarantees, claims, meetings and assigned enterprises."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    order = order_field()
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("银行")
        ordering = ["order", "code"]


class Industry(ReferenceModel):
    """国民经济行业分类 (GB/T 4754-2017) 大类."""

    code = models.CharField(_("行业代码"), max_length=8, unique=True)
    name = models.CharField(_("行业名称"), max_length=60)
    section = models.CharField(_("门类"), max_length=2, default="C")

    class Meta:
        verbose_name = verbose_name_plural = _("国民经济行业")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class LeadingIndustry(ReferenceModel):
    """主导产业 (e.g. 新型陶瓷). A programme names the ones it cultivates."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    order = order_field()

    class Meta:
        verbose_name = verbose_name_plural = _("主导产业")
        ordering = ["order", "code"]


class Park(ReferenceModel):
    """工业特色小镇 or 工业产业园 (item 6, 11)."""

    class Kind(models.TextChoices):
        CHARACTERISTIC_TOWN = "characteristic_town", _("工业特色小镇")
        INDUSTRIAL_PARK = "industrial_park", _("工业产业园")

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("区级")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices, blank=True)
    town = town_field(_("所在街镇"), related_name=None, optional=True)
    leading_industry = relation(LeadingIndustry, _("主导产业"), related_name=None, optional=True)

    class Meta:
        verbose_name = verbose_name_plural = _("特色小镇（产业园）")
        ordering = ["kind", "code"]


# An export's filters carry these ids; the audit trail names them (core.audit_messages).
for _key, _model in (
    ("town", Town),
    ("department", Department),
    ("bank", Bank),
    ("industry", Industry),
    ("leading_industry", LeadingIndustry),
    ("park", Park),
):
    audit_messages.register_filter(_key, model=_model)
