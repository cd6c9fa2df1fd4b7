"""Assessment API (read-only): results and quarterly review ratings, scoped like the pages."""

from .reviews import ReviewRatingViewSet
from .scoring import ResultViewSet

__all__ = ["ResultViewSet", "ReviewRatingViewSet"]
