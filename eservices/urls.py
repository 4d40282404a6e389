from django.urls import path

from eservices import views

app_name = "eservices"

urlpatterns = [
    path("", views.index, name="index"),
    path("residents/<int:pk>/", views.resident_detail, name="resident_detail"),
    path("residents/<int:pk>/exit-reentry-visa/", views.visa_create, name="visa_create"),
    path(
        "residents/<int:pk>/iqama-renewal/",
        views.iqama_renewal_create,
        name="iqama_renewal_create",
    ),
]
