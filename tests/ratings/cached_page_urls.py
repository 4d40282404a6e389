"""The portal's URLs, and one finishing page kept whole by the page cache (speed.pages), as a
page with the feedback widget might one day be: tests/ratings/test_page_feedback_pages.py."""

from django.urls import path

from accounts.views import PasswordResetCompleteView
from muqeem.urls import urlpatterns as portal
from speed.pages import cached_page

urlpatterns = [
    path("kept/complete/", cached_page(PasswordResetCompleteView.as_view()), name="kept_complete"),
    *portal,
]

handler403 = "tawasul.errors.permission_denied"
handler404 = "tawasul.errors.page_not_found"
handler500 = "tawasul.errors.server_error"
