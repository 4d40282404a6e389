"""The `auditors` group: staff in it read the audit log in the admin (and nothing else there)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUDITORS = "auditors"


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); on a fresh database
    # they do not exist yet, so they are made here from the historical models.
    app_config = apps.get_app_config("audit")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=AUDITORS)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="audit", codename="view_auditentry")
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=AUDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
