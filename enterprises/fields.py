"""Foreign keys to an enterprise or a project, one line each (core.models_base.relation with its target).

A field built here deconstructs as the one written out, so models moved onto these need no migration.
"""

from core.models_base import relation


def enterprise_field(label=None, **options):
    """The enterprise (企业) a row is about."""
    return relation("enterprises.Enterprise", label, **options)


def project_field(label=None, **options):
    """The project (项目) a row is about."""
    return relation("enterprises.Project", label, **options)
