from django.urls import path

from .views import guidance as views

app_name = "guidance"

urlpatterns = [
    path("", views.guidance_list, name="list"),
    path("export.xlsx", views.guidance_export, name="export"),
]
