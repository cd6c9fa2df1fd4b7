"""The programme, its development paths, pools and yearly quotas."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import audit_messages
from core.bounds import check_quota
from core.constraints import code_unique_in
from core.models import TimeStampedModel
from core.models_base import note_field, order_field, relation, year_field
from programs.fields import pool_field, programme_field

from .organisations import Department, LeadingIndustry, ReferenceModel, ReferenceQuerySet

# --- programme ---------------------------------------------------------------------------------------


class ProgrammeQuerySet(ReferenceQuerySet):
    def current(self):
        return self.filter(is_current=True).first() or self.order_by("-start_year").first()


class Programme(TimeStampedModel):
    """A three-year plan such as 罗发〔2016〕23号 (2017–2019)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    doc_number = models.CharField(_("文号"), max_length=40)
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("发文机关"), max_length=100, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("起始年度"))
    end_year = models.PositiveSmallIntegerField(_("截止年度"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    is_current = models.BooleanField(_("当前执行"), default=False)
    leading_industries = models.ManyToManyField(LeadingIndustry, verbose_name=_("主导产业"), blank=True)
    source_file = models.CharField(_("来源文件"), max_length=200, blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("三年行动方案")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                name="programme_years_ordered", condition=Q(end_year__gte=models.F("start_year"))
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_programme",
                violation_error_message=_("只能有一个当前执行的方案：请用“设为当前执行”切换。"),
            ),
        ]

    def __str__(self):
        return f"{self.doc_number}（{self.start_year}—{self.end_year}）"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class DevelopmentPath(ReferenceModel):
    """One of the ten development paths (十条路径), e.g. 梯次化 `tiered`."""

    programme = programme_field(_("方案"), on_delete=models.CASCADE, related_name="paths")
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=40)
    title = models.CharField(_("标题"), max_length=100, blank=True)
    order = order_field(_("序号"))

    class Meta:
        verbose_name = verbose_name_plural = _("发展路径")
        ordering = ["programme", "order"]
        constraints = [code_unique_in("programme", "path_code_unique_in_programme")]


class SubjectKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    PROJECT = "project", _("项目")


class Pool(ReferenceModel):
    """A cultivation pool (培育库), e.g. 骨干型 `backbone`."""

    programme = programme_field(_("方案"), on_delete=models.CASCADE, related_name="pools")
    path = relation(DevelopmentPath, _("发展路径"), related_name="pools")
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=40)
    subject = models.CharField(_("入库对象"), max_length=12, choices=SubjectKind.choices)
    item_no = models.PositiveSmallIntegerField(_("条款"), null=True, blank=True, help_text=_("文件第几条"))
    goal = note_field(_("培育目标"))
    quota_note = models.CharField(_("数量说明"), max_length=100, blank=True)
    lead_departments = models.ManyToManyField(
        Department, verbose_name=_("牵头部门"), related_name="led_pools"
    )
    responsible_departments = models.ManyToManyField(
        Department, verbose_name=_("责任部门"), related_name="responsible_pools", blank=True
    )
    order = order_field(_("序号"))

    class Meta:
        verbose_name = verbose_name_plural = _("培育库")
        ordering = ["programme", "order"]
        constraints = [code_unique_in("programme", "pool_code_unique_in_programme")]

    def clean(self):
        if self.path_id and self.programme_id and self.path.programme_id != self.programme_id:
            raise ValidationError({"path": _("发展路径须属于同一方案。")})


class PoolQuota(ReferenceModel):
    """A pool's yearly quota: at least `quota_min` (每年N家以上), or a range (15—20家).
    Both empty means the text fixes no number (入镇企业数量：分行业确定)."""

    pool = pool_field(_("培育库"), on_delete=models.CASCADE, related_name="quotas")
    year = year_field()
    quota_min = models.PositiveIntegerField(_("数量下限"), null=True, blank=True)
    quota_max = models.PositiveIntegerField(_("数量上限"), null=True, blank=True)
    is_new_additions = models.BooleanField(_("按新增计"), default=False, help_text=_("文件写“每年新增”"))

    class Meta:
        verbose_name = verbose_name_plural = _("年度数量")
        ordering = ["pool", "year"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "year"], name="quota_unique_per_pool_year"),
            models.CheckConstraint(
                name="quota_range_ordered",
                condition=Q(quota_max__isnull=True)
                | Q(quota_min__isnull=True)
                | Q(quota_max__gte=models.F("quota_min")),
            ),
        ]

    def __str__(self):
        return f"{self.pool} {self.year}: {self.display}"

    @property
    def display(self) -> str:
        if self.quota_min is None and self.quota_max is None:
            return str(_("不设数量"))
        if self.quota_max is None:
            return f"≥ {self.quota_min}"
        if self.quota_min is None:
            return f"≤ {self.quota_max}"
        return f"{self.quota_min}—{self.quota_max}"

    def clean(self):
        if (
            self.pool_id
            and self.pool.programme
            and not (self.pool.programme.start_year <= self.year <= self.pool.programme.end_year)
        ):
            raise ValidationError({"year": _("年度须在方案期限内。")})
        check_quota("quota_min", self.quota_min)
        check_quota("quota_max", self.quota_max)
        if self.quota_min is not None and self.quota_max is not None and self.quota_max < self.quota_min:
            raise ValidationError({"quota_max": _("数量上限不能小于下限。")})


# An export's filters carry these ids; the audit trail names them (core.audit_messages).
audit_messages.register_filter("pool", model=Pool)
audit_messages.register_filter("path", model=DevelopmentPath)
