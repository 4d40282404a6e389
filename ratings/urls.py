from django.urls import path

from ratings import views

app_name = "ratings"

urlpatterns = [
    path("<str:token>/", views.rate, name="rate"),
]
