from django.urls import path

from eservices import views

app_name = "eservices"

urlpatterns = [
    path("", views.index, name="index"),
]
