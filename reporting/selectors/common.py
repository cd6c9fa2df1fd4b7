"""Shared by the modules of this package."""

from decimal import Decimal

from django.conf import settings

from ..models import (
    FigureSource,
)

OFFICIAL, SELF = FigureSource.OFFICIAL, FigureSource.SELF


def gap_threshold() -> Decimal:
    """Self-report vs official gap above which the town's list flags it (percent of the official figure)."""
    return Decimal(str(getattr(settings, "REPORTING_GAP_FLAG_PERCENT", "10")))
