"""Enterprise credit (诚信体系, 罗发〔2016〕23号 第20条).

Source departments keep credit records of their own kinds (RecordKind, loaded from
credit/data/credit-sources.yaml); 区金融办 owns the scoring model (ScoringModel, versioned, append-only)
and the blacklist. Every rating is a new row (Rating, append-only, with its explanation);
CreditStatus is the one current row per enterprise that pools and pages sort and filter by.
Who sees what is decided in each QuerySet's visible_to(); what a user may do in permissions.py;
every write goes through services.py.

A package by concern; every name is importable from here as before."""

from .common import Category, Grade, Severity, is_credit_owner, reads_all_records
from .kinds import RecordKind, RecordKindQuerySet
from .objections import Appeal, AppealQuerySet, AppealState, appeal_evidence_path
from .ratings import (
    BlacklistEntry,
    CreditStatus,
    CreditStatusQuerySet,
    Rating,
    RatingQuerySet,
    RatingTrigger,
    _ScopedByEnterprise,
)
from .records import CreditRecord, CreditRecordQuerySet, RecordStatus
from .scoring_models import ScoringModel, ScoringModelQuerySet
from .summary import GradeCount, GradeCountQuerySet

__all__ = [
    "Appeal",
    "AppealQuerySet",
    "AppealState",
    "BlacklistEntry",
    "Category",
    "CreditRecord",
    "CreditRecordQuerySet",
    "CreditStatus",
    "CreditStatusQuerySet",
    "Grade",
    "GradeCount",
    "GradeCountQuerySet",
    "Rating",
    "RatingQuerySet",
    "RatingTrigger",
    "RecordKind",
    "RecordKindQuerySet",
    "RecordStatus",
    "ScoringModel",
    "ScoringModelQuerySet",
    "Severity",
    "_ScopedByEnterprise",
    "appeal_evidence_path",
    "is_credit_owner",
    "reads_all_records",
]
