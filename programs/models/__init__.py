"""The policy as data: organisations, programmes, paths, pools, criteria, quotas and targets.

Nothing here holds a figure of 罗发〔2016〕23号 in code: everything is loaded from a programme file
(see programs/data/) and edited by the leadership office.

A package by concern; every name is importable from here as before."""

from .criteria import BOUNDARY_WORDS, METRIC_UNITS, Criterion, Metric, Operator, metric_unit
from .organisations import Bank, Department, Industry, LeadingIndustry, Park, ReferenceQuerySet, Town
from .programme import DevelopmentPath, Pool, PoolQuota, Programme, ProgrammeQuerySet, SubjectKind
from .targets import DerivationKind, DistrictIndicator, ProgressRule, YearTarget

__all__ = [
    "BOUNDARY_WORDS",
    "Bank",
    "Criterion",
    "Department",
    "DerivationKind",
    "DevelopmentPath",
    "DistrictIndicator",
    "Industry",
    "LeadingIndustry",
    "METRIC_UNITS",
    "Metric",
    "Operator",
    "Park",
    "Pool",
    "PoolQuota",
    "Programme",
    "ProgrammeQuerySet",
    "ProgressRule",
    "ReferenceQuerySet",
    "SubjectKind",
    "Town",
    "YearTarget",
    "metric_unit",
]
