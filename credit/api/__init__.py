"""The credit API (/api/v1/credit/): thin views over the same selectors and services as the pages.
Records, objections and ratings are scoped by the models' visible_to(), exactly as on the pages.

A package by concern (filters, serializers, views); the urls import the viewsets from here."""

from .views import AppealViewSet, CreditRecordViewSet, CreditStatusViewSet, RatingViewSet

__all__ = ["AppealViewSet", "CreditRecordViewSet", "CreditStatusViewSet", "RatingViewSet"]
