from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from accounts.api import MeApi, TokenApi
from enterprises.api import EnterpriseViewSet, ProjectViewSet
from pools.api import NominationViewSet, PoolCheckApi, PoolListApi

router = DefaultRouter(trailing_slash=True)
router.register("enterprises", EnterpriseViewSet, basename="api-enterprise")
router.register("projects", ProjectViewSet, basename="api-project")
router.register("nominations", NominationViewSet, basename="api-nomination")

urlpatterns = [
    path("auth/token/", TokenApi.as_view(), name="api_token"),
    path("me/", MeApi.as_view(), name="api_me"),
    path("pools/", PoolListApi.as_view(), name="api_pools"),
    path("pools/<slug:code>/check/", PoolCheckApi.as_view(), name="api_pool_check"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("", include(router.urls)),
]
