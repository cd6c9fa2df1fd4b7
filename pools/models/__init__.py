"""The annual nomination cycle (培育库申报) and the pools it fills.

A town nominates an enterprise or project into a pool for a year; the pool's lead department
reviews it; approved nominations are the year's pool entries. States and who may move them live
in workflow.py; every change goes through services.py.
"""

from ..reach import DepartmentEnterprise  # the kept table of departments' enterprises
from .evidence import CriterionCheck, Evidence, evidence_path
from .imports import NominationImport
from .nominations import (
    Nomination,
    NominationEvent,
    NominationQuerySet,
    NominationState,
    department_pools,
    ever_submitted,
    in_pool_at,
    state_at,
)
from .windows import NominationWindow

__all__ = [
    "DepartmentEnterprise",
    "CriterionCheck",
    "Evidence",
    "Nomination",
    "NominationEvent",
    "NominationImport",
    "NominationQuerySet",
    "NominationState",
    "NominationWindow",
    "department_pools",
    "ever_submitted",
    "evidence_path",
    "in_pool_at",
    "state_at",
]
