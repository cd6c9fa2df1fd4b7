from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from core import views as core_views

admin.site.site_header = admin.site.site_title = _("产业培育 · 系统管理")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("home/town/", core_views.home_town, name="home_town"),
    path("home/department/", core_views.home_department, name="home_department"),
    path("home/office/", core_views.home_office, name="home_office"),
    path("home/enterprise/", core_views.home_enterprise, name="home_enterprise"),
    path("home/admin/", core_views.home_admin, name="home_admin"),
    path("audit/", core_views.audit_log, name="audit_log"),
    path("audit/export/", core_views.audit_log_export, name="audit_log_export"),
    path("accounts/", include("accounts.urls")),
    path("programme/", include("programs.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("pools/", include("pools.urls")),
    path("credit/", include("credit.urls")),
    path("reporting/", include("reporting.urls")),
    path("notifications/", core_views.notifications, name="notifications"),
    path("api/v1/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
