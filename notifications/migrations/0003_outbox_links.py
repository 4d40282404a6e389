"""Links with a secret are made when an e-mail is sent, not stored (notifications.links).

Rows written before this kept the whole link, token included, in their context: the token is taken
out of every one of them. Rows still waiting to be sent get the link's kind and user instead, so
they go out with a link made at sending; one whose user is gone is marked failed.
"""

from django.conf import settings
from django.db import migrations, models

# Template → (the context key that held the link, the link's new name, its kind).
LINKS = {
    "accounts/password_reset": ("reset_url", "reset_url", "accounts.password_reset"),
    "subscriptions/approved_activate": (
        "activation_path",
        "activation_url",
        "subscriptions.activation",
    ),
}


def links_out_of_context(apps, schema_editor):
    OutboundEmail = apps.get_model("notifications", "OutboundEmail")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for email in OutboundEmail.objects.filter(template__in=LINKS).iterator():
        old_key, name, kind = LINKS[email.template]
        if old_key not in email.context:
            continue
        del email.context[old_key]
        if email.status == "pending":
            user_id = (
                User.objects.filter(username=email.context.get("username"))
                .values_list("pk", flat=True)
                .first()
            )
            if user_id is None:
                email.status = "failed"
                email.last_error = "LinkUnavailable: the account no longer exists"
                email.next_attempt_at = None
            else:
                email.links = {name: {"kind": kind, "params": {"user_id": user_id}}}
        email.save(update_fields=["context", "links", "status", "last_error", "next_attempt_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_outbox_next_attempt_uuid"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundemail",
            name="links",
            field=models.JSONField(blank=True, default=dict, verbose_name="links made at sending"),
        ),
        migrations.RunPython(links_out_of_context, migrations.RunPython.noop),
    ]
