"""The assessment API, a module per concern."""

from .dispatch import DispatchReportViewSet

__all__ = ["DispatchReportViewSet"]
