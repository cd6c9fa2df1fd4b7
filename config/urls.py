from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from core import health
from portal import help as portal_help
from portal import views as portal_views

admin.site.site_header = admin.site.site_title = _("产业培育 · 系统管理")

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("home/town/", portal_views.home_town, name="home_town"),
    path("home/department/", portal_views.home_department, name="home_department"),
    path("home/office/", portal_views.home_office, name="home_office"),
    path("home/enterprise/", portal_views.home_enterprise, name="home_enterprise"),
    path("home/admin/", portal_views.home_admin, name="home_admin"),
    path("home/security/", portal_views.home_security, name="home_security"),
    path("home/audit/", portal_views.home_audit, name="home_audit"),
    path("home/bank/", portal_views.home_bank, name="home_bank"),
    path("audit/", portal_views.audit_log, name="audit_log"),
    path("audit/export/", portal_views.audit_log_export, name="audit_log_export"),
    path("audit/export.xlsx", portal_views.audit_log_export_xlsx, name="audit_log_export_xlsx"),
    path("help/", portal_help.help_page, name="help"),
    path("accounts/", include("accounts.urls")),
    path("programme/", include("programs.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("pools/", include("pools.urls")),
    path("credit/", include("credit.urls")),
    path("reporting/", include("reporting.urls")),
    path("docking/", include("docking.urls")),
    path("assessment/", include("assessment.urls")),
    path("funds/guarantees/", include("funds.urls_guarantees")),
    path("funds/guidance/", include("funds.urls_guidance")),
    path("funds/", include("funds.urls")),
    path("cockpit/", include("cockpit.urls")),
    path("notifications/", portal_views.notifications, name="notifications"),
    path("api/v1/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("health/", health.stack, name="health"),
    path("health/web/", health.web, name="health_web"),
]

# The portal's own error pages (core/errors.py), in its layout and language.
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
