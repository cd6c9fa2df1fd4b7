"""What the assessment models share: the subject a row is about (a town, a department or an
enterprise) and the one rule that decides who sees a subject's rows."""

import operator
from functools import reduce

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models_base import NOTHING
from enterprises.fields import enterprise_field
from programs.fields import department_field, town_field


class Subject(models.TextChoices):
    TOWN = "town", _("街镇")
    DEPARTMENT = "department", _("部门")
    ENTERPRISE = "enterprise", _("企业")


SUBJECT_FIELDS = {Subject.TOWN: "town", Subject.DEPARTMENT: "department", Subject.ENTERPRISE: "enterprise"}


def _role():
    from accounts.models import Role

    return Role


def is_office(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == _role().OFFICE)


def own_unit(user, path: str = "") -> Q:
    """The rows about the user's own unit (town, department or enterprise) at `path`; the office: all.
    Every other role (the administrators): nothing."""
    Role = _role()
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    prefix = f"{path}__" if path else ""
    if user.role == Role.OFFICE:
        return Q()
    if user.role == Role.TOWN:
        return Q(**{f"{prefix}town_id": user.town_id})
    if user.role == Role.DEPARTMENT:
        return Q(**{f"{prefix}department_id": user.department_id})
    if user.role == Role.ENTERPRISE:
        return Q(**{f"{prefix}enterprise_id": user.enterprise_id})
    return NOTHING


def unit_scope(user, rows) -> Q:
    """The rows a unit's account sees: the office all; a town or a department `rows(own)`, where `own`
    is the condition on its own unit's rows (own_unit); an enterprise, an administrator or an inactive
    account NOTHING."""
    if is_office(user):
        return Q()
    own = own_unit(user)
    if own == NOTHING or user.role == _role().ENTERPRISE:
        return NOTHING
    return rows(own)


def one_subject_constraint(name: str, subjects=tuple(Subject)) -> models.CheckConstraint:
    """Exactly one of town, department, enterprise is set, it is one of `subjects`, and it matches
    `subject`."""
    fields = SUBJECT_FIELDS.values()
    return models.CheckConstraint(
        name=name,
        condition=reduce(
            operator.or_,
            (
                Q(
                    subject=subject.value,
                    **{f"{field}__isnull": field != SUBJECT_FIELDS[subject] for field in fields},
                )
                for subject in subjects
            ),
        ),
    )


def town_or_department_constraint(name: str) -> models.CheckConstraint:
    """Exactly one of town and department is set (no enterprise), and it matches `subject`."""
    return one_subject_constraint(name, (Subject.TOWN, Subject.DEPARTMENT))


class SubjectMixin(models.Model):
    """A row about one town, department or enterprise."""

    subject = models.CharField(_("考核对象类别"), max_length=12, choices=Subject.choices)
    town = town_field(_("街镇"), optional=True)
    department = department_field(_("部门"), optional=True)
    enterprise = enterprise_field(_("企业"), optional=True)

    class Meta:
        abstract = True

    @property
    def unit(self):
        return self.town or self.department or self.enterprise

    @property
    def unit_name(self) -> str:
        unit = self.unit
        return unit.name if unit else ""
