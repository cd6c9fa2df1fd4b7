"""Record kinds and their source departments (data: credit/data/credit-sources.yaml)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.models_base import SignedInQuerySet, order_field
from programs.models import Department

from ..scoring import SEVERITIES
from .common import Category, Severity

# --- record kinds ----------------------------------------------------------------------------------


class RecordKindQuerySet(SignedInQuerySet):
    """Every signed-in account reads the kinds; departments record those they are a source of."""

    def writable_by(self, user):
        """The kinds a department user records: those its department is a source of."""
        if not (user.is_authenticated and user.is_active and user.role == Role.DEPARTMENT):
            return self.none()
        return self.filter(departments=user.department_id)


class RecordKind(models.Model):
    """A kind of credit information and the departments that keep it (data, not code)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    departments = models.ManyToManyField(Department, verbose_name=_("来源部门"), related_name="credit_kinds")
    order = order_field()

    objects = RecordKindQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("信用记录类别")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    @property
    def severities(self) -> list[tuple[str, str]]:
        return [(s, str(Severity(s).label)) for s in SEVERITIES[self.category]]
