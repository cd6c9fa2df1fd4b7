from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.api import MeApi, TokenApi

urlpatterns = [
    path("auth/token/", TokenApi.as_view(), name="api_token"),
    path("me/", MeApi.as_view(), name="api_me"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
]
