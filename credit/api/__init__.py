"""The credit API (/api/v1/credit/): thin views over the same selectors and services as the pages.
Records, objections and ratings are scoped by the models' visible_to(), exactly as on the pages.

A package by concern; every name is importable from here as before."""

from .common import ERRORS
from .filters import AppealFilter, RatingFilter, RecordFilter, StatusFilter
from .serializers import (
    AppealInput,
    AppealOutput,
    DecisionInput,
    ExcludedRecord,
    ExplanationLine,
    ExplanationOutput,
    RateInput,
    RateOutput,
    RatingDetailOutput,
    RatingOutput,
    ReasonInput,
    RecordCreateInput,
    RecordKindInput,
    RecordOutput,
    StatusDetailOutput,
    StatusOutput,
)
from .views import AppealViewSet, CreditRecordViewSet, CreditStatusViewSet, RatingViewSet

__all__ = [
    "AppealFilter",
    "AppealInput",
    "AppealOutput",
    "AppealViewSet",
    "CreditRecordViewSet",
    "CreditStatusViewSet",
    "DecisionInput",
    "ERRORS",
    "ExcludedRecord",
    "ExplanationLine",
    "ExplanationOutput",
    "RateInput",
    "RateOutput",
    "RatingDetailOutput",
    "RatingFilter",
    "RatingOutput",
    "RatingViewSet",
    "ReasonInput",
    "RecordCreateInput",
    "RecordFilter",
    "RecordKindInput",
    "RecordOutput",
    "StatusDetailOutput",
    "StatusFilter",
    "StatusOutput",
]
