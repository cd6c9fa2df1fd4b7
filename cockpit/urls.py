from django.urls import path

from . import views

app_name = "cockpit"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("actuals/", views.actuals, name="actuals"),
]
