"""A summary the credit overview reads instead of grouping every enterprise on each request."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models_base import relation
from programs.fields import town_field
from programs.models import Industry

from .ratings import _ScopedByEnterprise


class GradeCountQuerySet(_ScopedByEnterprise):
    """As the enterprises counted: office and departments the district, a town its own rows; an enterprise
    none (its own grade is on its own page)."""

    def town_lookup(self) -> str:
        return "town_id"

    def of_enterprise(self, enterprise_id):
        return self.none()


class GradeCount(models.Model):
    """Enterprises by town, industry and current credit grade ('' = not rated). Rewritten for the towns
    concerned by credit.services.summary after every rating run and every enterprise saved or deleted."""

    town = town_field(_("所属街镇"), on_delete=models.CASCADE)
    industry = relation(Industry, _("所属行业"), on_delete=models.CASCADE, db_index=False)
    grade = models.CharField(_("等级"), max_length=3, blank=True)
    n = models.PositiveIntegerField(_("企业数"))

    objects = GradeCountQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("诚信等级分布")
        constraints = [
            models.UniqueConstraint(fields=["town", "industry", "grade"], name="credit_grade_count_once"),
        ]

    def __str__(self):
        return f"{self.town_id} {self.industry_id} {self.grade or '—'} {self.n}"
