"""Statistics columns granted to departments, and the record of each import."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models_base import actor_field
from programs.fields import department_field

from ..figures import FigureCode
from .scope import EnterpriseScopedQuerySet, _role, enterprise_scope

# --- figure grants and imports -----------------------------------------------------------------------


class FigureQuerySet(EnterpriseScopedQuerySet):
    def visible_to(self, user):
        """Figures like reports (an enterprise's monthly self-reported numbers are as private as its
        report); a department also sees the official figures it imported itself."""
        Role = _role()
        scope = enterprise_scope(user)
        if user.is_authenticated and user.is_active and user.role == Role.DEPARTMENT:
            scope |= Q(source=FigureSource.OFFICIAL, department_id=user.department_id)
        return self.filter(scope)


class FigureSource(models.TextChoices):
    OFFICIAL = "official", _("统计数据")
    SELF = "self", _("企业自报")


class FigureGrant(models.Model):
    """Which figure columns a department imports (区统计局: output, revenue…; the tax bureaus: tax).
    Keyed by the department's code so the mapping loads before the programme file does."""

    department_code = models.SlugField(_("部门代码"), max_length=40)
    metric = models.CharField(_("指标"), max_length=32, choices=FigureCode.choices)

    class Meta:
        verbose_name = verbose_name_plural = _("统计数据导入权限")
        ordering = ["department_code", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["department_code", "metric"], name="figure_grant_unique")
        ]

    def __str__(self):
        return f"{self.department_code}: {self.get_metric_display()}"


class FigureImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An import log row: the department that made it, and the office that follows the imports."""
        Role = _role()
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.role == Role.OFFICE:
            return self
        if user.role == Role.DEPARTMENT:
            return self.filter(department_id=user.department_id)
        return self.none()


class FigureImport(TimeStampedModel):
    """One department's import of an xlsx file: all rows or none."""

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("已导入")
        FAILED = "failed", _("未导入")

    actor = actor_field(_("导入人"))
    department = department_field(_("部门"))
    file_name = models.CharField(_("文件名"), max_length=200)
    status = models.CharField(_("结果"), max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField(_("数据行"), default=0)
    figures = models.PositiveIntegerField(_("写入数据项"), default=0)
    columns = models.JSONField(_("导入指标"), default=list, blank=True)
    periods = models.JSONField(_("数据期别"), default=list, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    seconds = models.DecimalField(_("耗时（秒）"), max_digits=8, decimal_places=2, default=0)

    objects = FigureImportQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("统计数据导入")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.department} {self.file_name} {self.created_at:%Y-%m-%d %H:%M}"
