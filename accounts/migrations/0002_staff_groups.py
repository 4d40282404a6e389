"""Create the staff roles (permission groups). Other apps add their model permissions to them."""

from django.db import migrations

from accounts.roles import SUBSCRIPTION_OFFICERS, TAWASUL_AGENTS, group_grant_permissions

# Both roles look up who a user is and which establishment they belong to; neither edits accounts.
READ_ACCOUNTS = ["view_user", "view_establishment"]


def create_groups(apps, schema_editor):
    for role in (TAWASUL_AGENTS, SUBSCRIPTION_OFFICERS):
        group_grant_permissions(apps, group=role, app_label="accounts", codenames=READ_ACCOUNTS)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[TAWASUL_AGENTS, SUBSCRIPTION_OFFICERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
