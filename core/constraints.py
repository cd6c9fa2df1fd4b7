"""Database constraints that hold the same on PostgreSQL and on SQLite (the embedded default)."""

from decimal import Decimal

from django.db.models import CheckConstraint, Q


def decimal_equals(field: str, expression, places: int) -> Q:
    """`field = expression` for Decimals of `places` decimal places, on every database.

    PostgreSQL compares exact numerics; SQLite keeps them as binary floats, where 0.7 + 0.1 + 0.2 is not 1
    and an exact comparison refuses a correct row. Both sides carry at most `places` places, so being
    within half a unit of the last place is the same as being equal: nothing is loosened."""
    half = Decimal(1).scaleb(-places) / 2
    return Q(**{f"{field}__gte": expression - half, f"{field}__lte": expression + half})


def positive(field: str, name: str) -> CheckConstraint:
    """`field` is above zero: `positive("amount", "recovery_positive")`."""
    return CheckConstraint(name=name, condition=Q(**{f"{field}__gt": 0}))


def between(field: str, low: int, high: int, name: str) -> CheckConstraint:
    """`low <= field <= high`: `between("month", 1, 12, "report_month_1_12")`."""
    return CheckConstraint(name=name, condition=Q(**{f"{field}__gte": low, f"{field}__lte": high}))
