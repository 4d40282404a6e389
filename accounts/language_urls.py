"""The language switch, at /i18n/setlang/ under the un-namespaced name `set_language` (as Django's
own view is), so templates keep `{% url 'set_language' %}`."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("setlang/", views.set_language, name="set_language"),
]
