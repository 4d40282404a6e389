"""Staff roles are Django permission groups, created by a migration of this app.

Other apps grant their own model permissions to these groups in their own data migrations:

    from accounts.roles import TAWASUL_AGENTS, group_grant_permissions

    def grant(apps, schema_editor):
        group_grant_permissions(apps, group=TAWASUL_AGENTS, app_label="tawasul",
                                codenames=["view_request", "change_request"])

and check membership with `user_holds_role(user, TAWASUL_AGENTS)` (remembered for the request) or
`user_has_role` (asks the database each time).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.db.models import Q, QuerySet

TAWASUL_AGENTS = "tawasul_agents"
SUBSCRIPTION_OFFICERS = "subscription_officers"
ROLES = (TAWASUL_AGENTS, SUBSCRIPTION_OFFICERS)


def user_has_role(user, role: str) -> bool:
    """True for an active staff member in the group `role` (superusers hold every role), signed
    in with their second factor."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if not user_passed_second_factor(user):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role).exists()


def user_passed_second_factor(user) -> bool:
    """Whether this user's session passed the staff second factor (staffauth).

    django-otp's middleware gives the request's user `is_verified()`; a user object from anywhere
    else has none and holds no staff powers."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


def user_holds_role(user, role: str) -> bool:
    """`user_has_role`, remembered on the user object: a page or admin screen that asks many times
    costs one query per role. The user object lives for one request, so a change of groups shows
    on the next one. The one role cache of the portal."""
    held = getattr(user, "_roles_held", None)
    if held is None:
        held = {}
        if user.is_authenticated:  # AnonymousUser is shared: never remember on it
            user._roles_held = held
    if role not in held:
        held[role] = user_has_role(user, role)
    return held[role]


def users_holding_role(role: str) -> QuerySet:
    """Everyone `user_has_role` says yes for once signed in with their second factor, by name:
    e.g. whom a request may be assigned to."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__name=role) | Q(is_superuser=True))
        .distinct()
        .order_by("full_name")
    )


def group_grant_permissions(apps, *, group: str, app_label: str, codenames: list[str]) -> None:
    """For data migrations: give `group` the permissions `codenames` of `app_label`'s models.

    Permissions are normally created after all migrations ran (post_migrate); on a fresh database
    they do not exist yet, so they are created here first from the historical models.
    """
    app_config = apps.get_app_config(app_label)
    # create_permissions skips app configs without a models module; historical configs have none.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
    missing = set(codenames) - {permission.codename for permission in permissions}
    if missing:
        raise LookupError(f"No such permissions in {app_label}: {sorted(missing)}")
    role, _created = Group.objects.get_or_create(name=group)
    role.permissions.add(*permissions)
