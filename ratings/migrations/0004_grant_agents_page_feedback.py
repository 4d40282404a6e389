from django.db import migrations

from accounts.roles import TAWASUL_AGENTS, group_grant_permissions


def grant(apps, schema_editor):
    # The agents see the page answers on their dashboard (ratings_dashboard), and the list behind.
    group_grant_permissions(
        apps, group=TAWASUL_AGENTS, app_label="ratings", codenames=["view_pagefeedback"]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ratings", "0003_page_feedback"),
        ("accounts", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
