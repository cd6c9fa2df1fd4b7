from django.urls import path

from . import views

app_name = "credit"
urlpatterns = [
    path("", views.home, name="home"),
    path("overview/", views.overview, name="overview"),
    path("overview/export.xlsx", views.overview_export, name="overview_export"),
    path("records/", views.record_list, name="record_list"),
    path("records/new/", views.record_create, name="record_create"),
    path("records/import/", views.record_import, name="record_import"),
    path("records/import/template.xlsx", views.record_import_template, name="record_import_template"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("records/<int:pk>/withdraw/", views.record_withdraw, name="record_withdraw"),
    path("records/<int:pk>/appeal/", views.appeal_create, name="appeal_create"),
    path("appeals/", views.appeal_list, name="appeal_list"),
    path("appeals/<int:pk>/decide/", views.appeal_decide, name="appeal_decide"),
    path("appeals/<int:pk>/evidence/", views.appeal_evidence, name="appeal_evidence"),
    path("ratings/", views.rating_list, name="rating_list"),
    path("ratings/<int:pk>/", views.rating_detail, name="rating_detail"),
    path("ratings/run/", views.rate, name="rate_all"),
    path("enterprises/<int:pk>/", views.enterprise_credit, name="enterprise_credit"),
    path("enterprises/<int:pk>/rate/", views.rate, name="rate_enterprise"),
    path("mine/", views.mine, name="mine"),
    path("model/", views.model_page, name="model"),
    path("blacklist/", views.blacklist, name="blacklist"),
    path("blacklist/<int:pk>/remove/", views.blacklist_remove, name="blacklist_remove"),
]
