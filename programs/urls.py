from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.programme_detail, name="programme"),
    path("targets/", views.targets, name="targets"),
    path("reference/", views.reference, name="reference"),
    path("edit/<slug:kind>/new/", views.policy_record_edit, name="record_create"),
    path("edit/<slug:kind>/<int:pk>/", views.policy_record_edit, name="record_edit"),
    path("<slug:code>/", views.programme_detail, name="programme_of"),
    path("<slug:code>/targets/", views.targets, name="targets_of"),
    path("<slug:code>/pools/<slug:pool_code>/", views.pool_detail, name="pool_detail"),
]
