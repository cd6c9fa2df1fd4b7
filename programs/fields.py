"""Foreign keys to the programme's own rows (towns, departments, the programme, its pools), one line each.

Each is core.models_base.relation with its target named by label, so that apps above programs (and
programs itself) declare them alike, and a field built here deconstructs as the one written out.
"""

from core.models_base import relation


def town_field(label=None, **options):
    """The town (街镇) a row belongs to."""
    return relation("programs.Town", label, **options)


def department_field(label=None, **options):
    """A department (部门) of the district."""
    return relation("programs.Department", label, **options)


def programme_field(label=None, **options):
    """The programme (方案) a row is part of."""
    return relation("programs.Programme", label, **options)


def pool_field(label=None, **options):
    """A cultivation pool (培育库)."""
    return relation("programs.Pool", label, **options)
