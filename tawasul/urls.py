from django.urls import path

from tawasul import views

app_name = "tawasul"

urlpatterns = [
    path("", views.request_list, name="request_list"),
]
