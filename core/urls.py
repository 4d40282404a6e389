"""The portal's own pages that belong to no app: the home page, and for the load balancer and
security researchers /health/ and security.txt (no log-in, no personal data)."""

from django.urls import path

from core import securitytxt, views
from core.health import HealthView

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", HealthView.as_view(), name="health"),
    path(".well-known/security.txt", securitytxt.security_txt, name="security_txt"),
    path("security/", securitytxt.security_policy, name="security_policy"),
]
