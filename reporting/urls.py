from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_start, name="report_start"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/action/<slug:action>/", views.report_action, name="report_action"),
    path("<int:pk>/correct/", views.report_correct, name="report_correct"),
    path("figures/", views.figures_mine, name="figures_mine"),
    path("figures/<int:pk>/", views.enterprise_figures, name="figures"),
    path("gaps/", views.gaps, name="gaps"),
    path("late/", views.late, name="late"),
    path("late/remind/", views.late_remind, name="late_remind"),
    path("late/export.xlsx", views.late_export, name="late_export"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("milestones/<int:pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path("imports/", views.imports, name="imports"),
    path("imports/template.xlsx", views.import_template, name="import_template"),
    path("export/", views.export, name="export"),
    path("calendars/", views.calendars, name="calendars"),
    path("accounts/", views.enterprise_accounts, name="accounts"),
    path("accounts/<int:pk>/reinvite/", views.enterprise_reinvite, name="reinvite"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
