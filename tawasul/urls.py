from django.urls import path

from tawasul import views

app_name = "tawasul"

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("new/", views.request_create, name="request_create"),
    path("drafts/<uuid:draft_id>/edit/", views.draft_edit, name="draft_edit"),
    path("drafts/<uuid:draft_id>/review/", views.draft_review, name="draft_review"),
    path("requests/<str:number>/", views.request_detail, name="request_detail"),
    path("requests/<str:number>/received/", views.request_received, name="request_received"),
    path("requests/<str:number>/receipt.pdf", views.request_receipt, name="request_receipt"),
    path(
        "attachments/<uuid:attachment_id>/", views.attachment_download, name="attachment_download"
    ),
]
