import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    OutboundEmail = apps.get_model("notifications", "OutboundEmail")
    for email in OutboundEmail.objects.filter(uuid__isnull=True).only("pk").iterator():
        OutboundEmail.objects.filter(pk=email.pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="outboundemail", name="notif_pending_created_idx"),
        migrations.RenameField(
            model_name="outboundemail", old_name="enqueued_at", new_name="next_attempt_at"
        ),
        migrations.AlterField(
            model_name="outboundemail",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="next attempt at"),
        ),
        migrations.AddField(
            model_name="outboundemail",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="unique identifier"),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="outboundemail",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="unique identifier"
            ),
        ),
        migrations.AddIndex(
            model_name="outboundemail",
            index=models.Index(
                condition=models.Q(("status", "pending")),
                fields=["next_attempt_at"],
                name="notif_pending_due_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="outboundemail",
            index=models.Index(fields=["status", "-created_at"], name="notif_status_created_idx"),
        ),
    ]
