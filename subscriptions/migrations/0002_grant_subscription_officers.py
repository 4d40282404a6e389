from django.db import migrations

from accounts.roles import SUBSCRIPTION_OFFICERS, group_grant_permissions


def grant(apps, schema_editor):
    # Officers see the requests and decide on them (approve / reject go through the change view's
    # actions); they never add or delete requests by hand.
    group_grant_permissions(
        apps,
        group=SUBSCRIPTION_OFFICERS,
        app_label="subscriptions",
        codenames=["view_subscriptionrequest", "change_subscriptionrequest"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0001_initial"),
        ("accounts", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
