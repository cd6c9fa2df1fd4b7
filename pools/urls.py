from django.urls import path

from . import views

app_name = "pools"
urlpatterns = [
    path("", views.pool_overview, name="overview"),
    path("windows/", views.windows, name="windows"),
    path("windows/<int:pk>/<slug:action>/", views.window_action, name="window_action"),
    path("nominations/", views.nomination_list, name="nomination_list"),
    path("nominations/new/", views.nomination_start, name="nomination_start"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/action/<slug:action>/", views.nomination_action, name="nomination_action"),
    path(
        "nominations/<int:pk>/review/<int:criterion_id>/", views.nomination_review, name="nomination_review"
    ),
    path("nominations/<int:pk>/comment/", views.nomination_comment, name="nomination_comment"),
    path("nominations/<int:pk>/remove/", views.nomination_remove, name="nomination_remove"),
    path("nominations/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/export.xlsx", views.review_export, name="review_export"),
    path("review/bulk/", views.review_bulk, name="review_bulk"),
    path("nominations/export.xlsx", views.nomination_export, name="nomination_export"),
    path("nominations/bulk-submit/", views.bulk_submit, name="bulk_submit"),
    path("nominations/<int:pk>/print/", views.nomination_print, name="nomination_print"),
    path("nominations/<int:pk>/print.pdf", views.nomination_pdf, name="nomination_pdf"),
    path("<int:year>/<slug:code>/print/", views.pool_print, name="pool_print"),
    path("<int:year>/<slug:code>/print.pdf", views.pool_pdf, name="pool_pdf"),
    path("bulk/", views.bulk_upload, name="bulk_upload"),
    path("bulk/template/<slug:code>.xlsx", views.bulk_template, name="bulk_template"),
    path("bulk/<int:pk>/", views.bulk_status, name="bulk_status"),
    path("<int:year>/<slug:code>/", views.pool_page, name="pool_page"),
    path("<int:year>/<slug:code>/export.xlsx", views.pool_export, name="pool_export"),
]
