"""The reporting API (/api/v1/reports/, /api/v1/indicators/, /api/v1/figure-imports/): thin views over
the same selectors and services as the pages, a module per resource."""

from .imports import FigureImportApi, FigureImportInput, FigureImportOutput
from .indicators import IndicatorViewSet
from .reports import ReportViewSet

__all__ = [
    "FigureImportApi",
    "FigureImportInput",
    "FigureImportOutput",
    "IndicatorViewSet",
    "ReportViewSet",
]
