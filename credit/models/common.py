"""Shared by the modules of this package."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

from ..scoring import GRADES


class Category(models.TextChoices):
    BASIC = "basic", _("基础类")
    ADVERSE = "adverse", _("不良类")


class Severity(models.TextChoices):
    POSITIVE = "positive", _("良好")
    NEUTRAL = "neutral", _("一般")
    NEGATIVE = "negative", _("较差")
    MINOR = "minor", _("轻微")
    SERIOUS = "serious", _("较重")
    SEVERE = "severe", _("严重")


class Grade(models.TextChoices):
    AAA = "AAA", "AAA"
    AA = "AA", "AA"
    A = "A", "A"
    BBB = "BBB", "BBB"
    BB = "BB", "BB"
    B = "B", "B"
    CCC = "CCC", "CCC"
    CC = "CC", "CC"
    C = "C", "C"
    D = "D", "D"


assert tuple(Grade.values) == GRADES  # the choices are the scale, in the same order


def is_credit_owner(user) -> bool:
    """A user of 区金融办 (the owner department named in credit/data/credit-sources.yaml)."""
    from ..loader import owner_department_code

    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.DEPARTMENT
        and user.department_id is not None
        and user.department.code == owner_department_code()
    )


def reads_all_records(user) -> bool:
    return user.is_authenticated and user.is_active and (user.role == Role.OFFICE or is_credit_owner(user))
