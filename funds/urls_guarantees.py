from django.urls import path

from .views import guarantees as views

app_name = "guarantees"

urlpatterns = [
    path("", views.guarantee_list, name="list"),
    path("export.xlsx", views.guarantee_export, name="export"),
    path("new/", views.guarantee_create, name="create"),
    path("queue/", views.agency_queue, name="queue"),
    path("claims/", views.claim_list, name="claims"),
    path("<int:pk>/", views.guarantee_detail, name="detail"),
    path("<int:pk>/move/<slug:action>/", views.guarantee_move, name="move"),
    path("<int:pk>/recovery/", views.recovery_create, name="recovery"),
]
