from django.urls import path

from . import views

app_name = "funds"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("bridge/", views.bridge_list, name="bridge_list"),
    path("bridge/export.xlsx", views.bridge_export, name="bridge_export"),
    path("bridge/apply/", views.bridge_apply, name="bridge_apply"),
    path("bridge/<int:pk>/", views.bridge_detail, name="bridge_detail"),
    path("bridge/<int:pk>/action/<slug:action>/", views.bridge_action, name="bridge_action"),
    path("bridge/<int:pk>/letter/", views.bridge_letter, name="bridge_letter"),
    path("<slug:code>/ledger/", views.ledger, name="ledger"),
    path("<slug:code>/ledger/export.xlsx", views.ledger_export, name="ledger_export"),
    path("<slug:code>/trial-balance/", views.trial_balance, name="trial_balance"),
    path("<slug:code>/params/", views.params, name="params"),
]
