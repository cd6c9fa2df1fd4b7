from django.urls import path

from . import views

app_name = "docking"
urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/<slug:action>/", views.meeting_action, name="meeting_action"),
    path("intentions/<int:pk>/drop/", views.intention_drop, name="intention_drop"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/export.xlsx", views.application_export, name="application_export"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/<slug:action>/", views.application_action, name="application_action"),
    path("banks/", views.bank_figures, name="bank_figures"),
    path("banks/export.xlsx", views.bank_figures_export, name="bank_figures_export"),
    path("workbench/", views.workbench, name="workbench"),
    path("specialists/", views.specialist_list, name="specialist_list"),
    path("specialists/<int:pk>/end/", views.specialist_end, name="specialist_end"),
    path("specialists/<int:pk>/visit/", views.visit_create, name="visit_create"),
    path("visits/", views.visit_list, name="visit_list"),
    path("mine/", views.mine, name="mine"),
    path("settings/", views.settings_page, name="settings"),
]
