"""The assessment API by concern: dispatch reports, results and quarterly review ratings, scoped like the pages."""

from .dispatch import DispatchReportViewSet
from .reviews import ReviewRatingViewSet
from .scoring import ResultViewSet

__all__ = [
    "DispatchReportViewSet",
    "ResultViewSet",
    "ReviewRatingViewSet",
]
