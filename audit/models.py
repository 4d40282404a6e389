"""The audit log: one row per privileged action, written once and never changed.

The bottom layer of the portal: it names what it records with generic references (the model's
label, the primary key and a text taken at the time), never with the domain apps' models, so the
row still reads the same after the object changed or was deleted.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed log-in")
        REQUEST_VIEWED = "request_viewed", _("Opened a Tawasul request")
        SUBSCRIPTION_VIEWED = "subscription_viewed", _("Opened a subscription request")
        DOCUMENT_DOWNLOADED = "document_downloaded", _("Downloaded an applicant's document")
        ASSIGNED = "assigned", _("Assigned a request")
        STATUS_CHANGED = "status_changed", _("Changed a request's status")
        REPLIED = "replied", _("Replied to an applicant")
        APPROVED = "approved", _("Approved a subscription request")
        REJECTED = "rejected", _("Rejected a subscription request")
        USER_STATUS_CHANGED = (
            "user_status_changed",
            _("Changed a user's active, staff or superuser status"),
        )
        USER_GROUPS_CHANGED = "user_groups_changed", _("Changed a user's groups")
        USER_PERMISSIONS_CHANGED = "user_permissions_changed", _("Changed a user's permissions")
        GROUP_PERMISSIONS_CHANGED = "group_permissions_changed", _("Changed a group's permissions")
        QUEUE_EXPORTED = "queue_exported", _("Exported the Tawasul queue as a file")

    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    # The account that acted. No database constraint and nothing done on delete: deleting a user
    # must not touch the log (actor_repr keeps their user name).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    actor_repr = models.CharField(_("user name"), max_length=150, blank=True)
    address = models.CharField(_("client address"), max_length=64, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    # {"field": [before, after]} for what changed; empty for a log-in or a view.
    changes = models.JSONField(_("changes"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        # Only "view" exists: no permission to add, change or delete entries can ever be granted.
        default_permissions = ("view",)
        indexes = [
            # The retention purge and the date filter.
            models.Index(fields=["created_at"], name="audit_created_at"),
            # The admin lists newest first (by id) within an action or an actor.
            models.Index(fields=["action", "-id"], name="audit_action_id"),
            models.Index(fields=["actor", "-id"], name="audit_actor_id"),
            # Search by object: a prefix of its text (request number, user name…). The operator
            # class lets PostgreSQL use the index for LIKE 'prefix%' under any collation.
            models.Index(
                fields=["object_repr"], name="audit_object_repr", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.actor_repr or '—'} · {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        # Written once: an entry that could be edited would prove nothing.
        if not self._state.adding:
            raise TypeError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit entries are removed only by the retention purge.")
