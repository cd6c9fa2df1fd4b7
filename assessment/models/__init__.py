"""Dispatch (一月一调度), review and assessment (第25条).

A package by concern; every name is importable from here."""

from .dispatch import (
    DispatchCounter,
    DispatchEvent,
    DispatchReport,
    DispatchReportQuerySet,
    DispatchSettings,
    DispatchState,
    OfficeOnlyQuerySet,
)

__all__ = [
    "DispatchCounter",
    "DispatchEvent",
    "DispatchReport",
    "DispatchReportQuerySet",
    "DispatchSettings",
    "DispatchState",
    "OfficeOnlyQuerySet",
]
