from django.urls import path

from ratings import views

app_name = "ratings"

urlpatterns = [
    path("page-feedback/<slug:page>/", views.page_feedback, name="page_feedback"),
    path("<str:token>/", views.rate, name="rate"),
]
