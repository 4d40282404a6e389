from django.db import migrations

from accounts.roles import TAWASUL_AGENTS, group_grant_permissions

CODENAMES = [
    "view_tawasulrequest",
    "change_tawasulrequest",
    "view_reply",
    "add_reply",
    "view_attachment",
    "view_statuschange",
    "view_incident",
]


def grant(apps, schema_editor):
    group_grant_permissions(apps, group=TAWASUL_AGENTS, app_label="tawasul", codenames=CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("tawasul", "0002_requests"),
        ("accounts", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
