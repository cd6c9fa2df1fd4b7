"""Database constraints that hold the same on PostgreSQL and on SQLite (the embedded default), and the
makers for the checks many models repeat (`positive`, `at_least`, `between`, `code_unique_in`). Each
deconstructs as the constraint written out by hand, so moving a model onto them needs no migration."""

from decimal import Decimal

from django.db.models import CheckConstraint, Q, UniqueConstraint


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


def at_least(field: str, low: int, name: str) -> CheckConstraint:
    """`field >= low`: `at_least("amount", 0, "capital_call_share_nonnegative")`."""
    return CheckConstraint(name=name, condition=Q(**{f"{field}__gte": low}))


def code_unique_in(parent: str, name: str) -> UniqueConstraint:
    """A code names one row within its parent (a programme's pools, a sub-fund's accounts): the codes
    the policy files and the pages speak of are read together with the parent."""
    return UniqueConstraint(fields=[parent, "code"], name=name)
