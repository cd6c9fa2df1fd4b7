from django.urls import path

from .views import guidance as views
from .views import guidance_write as write

app_name = "guidance"

urlpatterns = [
    path("", views.guidance_list, name="list"),
    path("export.xlsx", views.guidance_export, name="export"),
    path("new/", write.investment_create, name="create"),
    path("<int:pk>/exit/", write.investment_exit, name="exit"),
    path("<int:pk>/buyback/", write.investment_buyback, name="buyback"),
    path("calls/new/", write.capital_call_create, name="call"),
    path("calls/shares/<int:pk>/pay/", write.capital_call_pay, name="pay"),
    path("distributions/new/", write.distribution_create, name="distribute"),
]
