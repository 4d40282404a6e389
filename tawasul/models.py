from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Incident(models.Model):
    """An error message the portal showed someone. Its reference travels in the Tawasul link beside
    the message, so the request opened from it is pre-filled with what actually happened.

    The resident's iqama and name are a snapshot: the incident records the moment, not the resident.
    """

    reference = models.CharField(_("incident reference"), max_length=16, unique=True)
    code = models.CharField(_("error code"), max_length=50)
    message = models.TextField(_("error message"))
    service = models.CharField(_("service"), max_length=50, blank=True)
    resident_iqama = models.CharField(_("resident iqama"), max_length=10, blank=True)
    resident_name = models.CharField(_("resident name"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="incidents",
    )
    path = models.CharField(_("path"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference
