"""Pages of dispatch (一月一调度), assessment, quarterly review, supervision and site visits (第25条)."""

from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    # 一月一调度: the monthly dispatch report and the schedules of every periodic task
    path("dispatch/", views.dispatch_list, name="dispatch_list"),
    path("dispatch/generate/", views.dispatch_generate, name="dispatch_generate"),
    path("dispatch/settings/", views.dispatch_settings, name="dispatch_settings"),
    path("dispatch/<int:pk>/", views.dispatch_detail, name="dispatch_detail"),
    path("dispatch/<int:pk>/edit/", views.dispatch_edit, name="dispatch_edit"),
    path("dispatch/<int:pk>/publish/", views.dispatch_publish, name="dispatch_publish"),
    path("dispatch/<int:pk>/correct/", views.dispatch_correct, name="dispatch_correct"),
    path("dispatch/<int:pk>/report.<str:kind>", views.dispatch_file, name="dispatch_file"),
    # 一年一总结: the annual summary
    path("annual/", views.annual_list, name="annual_list"),
    path("annual/generate/", views.annual_generate, name="annual_generate"),
    path("annual/<int:pk>/", views.annual_detail, name="annual_detail"),
    path("annual/<int:pk>/edit/", views.annual_edit, name="annual_edit"),
    path("annual/<int:pk>/publish/", views.annual_publish, name="annual_publish"),
    path("annual/<int:pk>/summary.<str:kind>", views.annual_file, name="annual_file"),
    path("schedules/", views.schedule_list, name="schedule_list"),
    path("schedules/<int:pk>/", views.schedule_update, name="schedule_update"),
    # 考核, 一季一点评, 督查, 半年一观摩
    path("schemes/", views.scheme_list, name="scheme_list"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("runs/", views.run_list, name="run_list"),
    path("runs/start/", views.run_start, name="run_start"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/<slug:action>/", views.run_action, name="run_action"),
    path("results/<int:pk>/", views.result_detail, name="result_detail"),
    path("scores/<int:pk>/rate/", views.score_rate, name="score_rate"),
    path("scores/<int:pk>/evidence/", views.score_evidence, name="score_evidence"),
    path("rewards/", views.rewards, name="rewards"),
    path("rewards/export.xlsx", views.rewards_export, name="rewards_export"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/generate/", views.review_generate, name="review_generate"),
    path("reviews/rules/", views.rules, name="review_rules"),
    path("reviews/rules/<slug:kind>/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/confirm/", views.review_confirm, name="review_confirm"),
    path("ratings/<int:pk>/", views.rating_update, name="rating_update"),
    path("supervision/", views.case_list, name="case_list"),
    path("supervision/new/", views.case_create, name="case_create"),
    path("supervision/<int:pk>/", views.case_detail, name="case_detail"),
    path("supervision/<int:pk>/report.file", views.case_report_file, name="case_report_file"),
    path("supervision/<int:pk>/<slug:action>/", views.case_action, name="case_action"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/close/", views.visit_close, name="visit_close"),
    path("sites/<int:pk>/score/", views.visit_score, name="visit_score"),
]
