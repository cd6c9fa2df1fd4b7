"""Reads of the assessment app, by concern; every name imports from assessment.selectors."""

from .reviews import (
    cases_for,
    my_visit_scores,
    ratings_for,
    reviews_for,
    visit_members,
    visit_ranking,
    visits_for,
)
from .scoring import rater_queue, results_for, reward_recommendations, runs_for, schemes_for

__all__ = [
    "cases_for",
    "my_visit_scores",
    "rater_queue",
    "ratings_for",
    "results_for",
    "reviews_for",
    "reward_recommendations",
    "runs_for",
    "schemes_for",
    "visit_members",
    "visit_ranking",
    "visits_for",
]
