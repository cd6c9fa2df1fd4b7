"""Shared by the modules of this package."""

from ..workflow import NOMINATIONS

AUDITED_FIELDS = NOMINATIONS.audited_fields
