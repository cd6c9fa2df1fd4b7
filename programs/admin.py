from django.contrib import admin

from core.admin import AuditedAdminMixin

from . import models

for model in (
    models.Department,
    models.Town,
    models.Bank,
    models.Industry,
    models.LeadingIndustry,
    models.Park,
    models.Programme,
    models.DevelopmentPath,
    models.Pool,
    models.PoolQuota,
    models.Criterion,
    models.DistrictIndicator,
    models.YearTarget,
):
    admin.site.register(model, type(f"{model.__name__}Admin", (AuditedAdminMixin, admin.ModelAdmin), {}))
