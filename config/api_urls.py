from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api import MeApi, TokenApi
from assessment.api import DispatchReportViewSet, ResultViewSet, ReviewRatingViewSet
from credit.api import AppealViewSet, CreditRecordViewSet, CreditStatusViewSet, RatingViewSet
from docking.api import ApplicationWriteViewSet, BankFiguresApi, MeetingViewSet
from enterprises.api import EnterpriseViewSet, ProjectViewSet
from funds.api import (
    BridgeLoanViewSet,
    EntryListApi,
    FundFiguresApi,
    SubFundListApi,
    TrialBalanceApi,
)
from funds.api_guarantees import GuaranteeViewSet, InvestmentViewSet
from pools.api import NominationViewSet, PoolCheckApi, PoolListApi
from reporting.api import FigureImportApi, IndicatorViewSet, ReportViewSet

router = DefaultRouter(trailing_slash=True)
router.register("enterprises", EnterpriseViewSet, basename="api-enterprise")
router.register("projects", ProjectViewSet, basename="api-project")
router.register("nominations", NominationViewSet, basename="api-nomination")
router.register("credit/records", CreditRecordViewSet, basename="api-credit-record")
router.register("credit/appeals", AppealViewSet, basename="api-credit-appeal")
router.register("credit/ratings", RatingViewSet, basename="api-credit-rating")
router.register("credit/status", CreditStatusViewSet, basename="api-credit-status")
router.register("reports", ReportViewSet, basename="api-report")
router.register("docking/meetings", MeetingViewSet, basename="api-docking-meeting")
router.register("docking/applications", ApplicationWriteViewSet, basename="api-docking-application")
router.register("funds/guarantees", GuaranteeViewSet, basename="api-fund-guarantee")
router.register("funds/investments", InvestmentViewSet, basename="api-fund-investment")
router.register("indicators", IndicatorViewSet, basename="api-indicator")
router.register("assessment/results", ResultViewSet, basename="api-assessment-result")
router.register("assessment/reviews", ReviewRatingViewSet, basename="api-assessment-review")
router.register("assessment/reports", DispatchReportViewSet, basename="api-dispatch-report")
router.register("funds/bridge-loans", BridgeLoanViewSet, basename="api-bridge-loan")

urlpatterns = [
    path("auth/token/", TokenApi.as_view(), name="api_token"),
    path("me/", MeApi.as_view(), name="api_me"),
    path("pools/", PoolListApi.as_view(), name="api_pools"),
    path("pools/<slug:code>/check/", PoolCheckApi.as_view(), name="api_pool_check"),
    path("docking/bank-figures/", BankFiguresApi.as_view(), name="api_docking_bank_figures"),
    path("figure-imports/", FigureImportApi.as_view(), name="api_figure_imports"),
    path("funds/", SubFundListApi.as_view(), name="api_funds"),
    path("funds/figures/", FundFiguresApi.as_view(), name="api_fund_figures"),
    path("funds/<slug:code>/trial-balance/", TrialBalanceApi.as_view(), name="api_fund_trial_balance"),
    path("funds/<slug:code>/entries/", EntryListApi.as_view(), name="api_fund_entries"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves its start-up script as a file: no inline script (Content-Security-Policy).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("", include(router.urls)),
]
