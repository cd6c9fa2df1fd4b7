from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("dispatch/", views.dispatch_list, name="dispatch_list"),
    path("dispatch/generate/", views.dispatch_generate, name="dispatch_generate"),
    path("dispatch/settings/", views.dispatch_settings, name="dispatch_settings"),
    path("dispatch/<int:pk>/", views.dispatch_detail, name="dispatch_detail"),
    path("dispatch/<int:pk>/edit/", views.dispatch_edit, name="dispatch_edit"),
    path("dispatch/<int:pk>/publish/", views.dispatch_publish, name="dispatch_publish"),
    path("dispatch/<int:pk>/correct/", views.dispatch_correct, name="dispatch_correct"),
    path("dispatch/<int:pk>/report.<str:kind>", views.dispatch_file, name="dispatch_file"),
    path("schedules/", views.schedule_list, name="schedule_list"),
    path("schedules/<int:pk>/", views.schedule_update, name="schedule_update"),
]
