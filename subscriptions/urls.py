from django.urls import path

from subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("", views.start, name="start"),
    path("individual/", views.individual_request_create, name="individual"),
    path("establishment/", views.establishment_request_create, name="establishment"),
    path("status/", views.status_lookup, name="status"),
    path("requests/<str:number>/", views.request_detail, name="detail"),
    path("requests/<str:number>/receipt.pdf", views.request_receipt, name="receipt"),
    path("activate/<uidb64>/<token>/", views.ActivateView.as_view(), name="activate"),
]
