"""Entries that no service of ours writes: log-ins, and changes to who may do what.

Log-ins come from Django's auth signals. Groups, permissions and the active / staff / superuser
flags change in Django's own admin pages (or the shell, or a command), never through a service of
the portal, so they are caught where they are stored: the user model's saves and the three
many-to-many tables.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import models
from django.db.models.signals import m2m_changed, post_save, pre_save

from audit.context import current
from audit.models import AuditEntry
from audit.services import AuditAction, audit_record
from core.http import client_address

FLAGS = ("is_active", "is_staff", "is_superuser")
# A new account is recorded only when it is born with privileges (createsuperuser, the shell).
GRANTS_AT_CREATION = ("is_staff", "is_superuser")


def _address(request) -> str | None:
    # The signal's own request when there is one (the test client's force_login has no context).
    return client_address(request) if request is not None else None


def _logged_in(sender, request=None, user=None, **kwargs) -> None:
    audit_record(action=AuditAction.LOGIN, actor=user, target=user, address=_address(request))


def _login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    # Only the name that was tried: Django already masks the password in `credentials`, and
    # nothing else from them is kept.
    credentials = credentials or {}
    tried = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or ""
    audit_record(
        action=AuditAction.LOGIN_FAILED, target_repr=str(tried)[:150], address=_address(request)
    )


def _flags_before(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(FLAGS):
        return  # e.g. last_login at each log-in: no query
    instance._audit_flags_before = (
        sender._default_manager.filter(pk=instance.pk).values(*FLAGS).first()
    )


def _flags_after(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    if created:
        changes = {flag: (None, True) for flag in GRANTS_AT_CREATION if getattr(instance, flag)}
    else:
        before = instance.__dict__.pop("_audit_flags_before", None)
        if before is None:
            return
        changes = {
            flag: (before[flag], getattr(instance, flag))
            for flag in FLAGS
            if before[flag] != getattr(instance, flag)
        }
    if changes:
        audit_record(action=AuditAction.USER_STATUS_CHANGED, target=instance, changes=changes)


@dataclass(frozen=True)
class _Membership:
    """One tracked many-to-many table: whose members (owner), of what (member), shown how."""

    action: str
    field: str  # the key in the entry's changes
    owner: str  # the through model's field naming the user or group whose rights change
    member: str  # … and the one naming the group or permission
    label: tuple[str, ...]  # lookups joined with "." to name a member

    def memberships(self, through: type[models.Model], owner_ids) -> dict:
        """{owner id: sorted member names}, in one query."""
        names: dict = {owner_id: [] for owner_id in owner_ids}
        rows = through._default_manager.filter(**{f"{self.owner}_id__in": owner_ids})
        for owner_id, *parts in rows.values_list(f"{self.owner}_id", *self.label):
            names.setdefault(owner_id, []).append(".".join(parts))
        return {owner_id: sorted(found) for owner_id, found in names.items()}


_PERMISSION_LABEL = ("permission__content_type__app_label", "permission__codename")
_TRACKED: dict[type[models.Model], _Membership] = {}


def _owners(spec: _Membership, sender, instance, action, reverse, pk_set) -> list:
    if not reverse:  # user.groups.add(…): the instance is the owner
        return [instance.pk]
    if action == "pre_clear":  # group.user_set.clear(): everyone in it now
        rows = sender._default_manager.filter(**{f"{spec.member}_id": instance.pk})
        return list(rows.values_list(f"{spec.owner}_id", flat=True))
    return list(pk_set or ())


def _memberships_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    spec = _TRACKED.get(sender)
    if spec is None:
        return
    pending = instance.__dict__.setdefault("_audit_memberships", {})
    if action.startswith("pre_"):
        owners = _owners(spec, sender, instance, action, reverse, pk_set)
        pending[sender] = (owners, spec.memberships(sender, owners))
        return
    owners, before = pending.pop(sender, (None, None))
    if not owners:
        return
    after = spec.memberships(sender, owners)
    changed = [owner_id for owner_id in owners if before.get(owner_id) != after.get(owner_id)]
    if not changed:
        return
    if reverse:
        owner_model = sender._meta.get_field(spec.owner).related_model
        objects = owner_model._default_manager.in_bulk(changed)
    else:
        objects = {instance.pk: instance}
    for owner_id in changed:
        _record_membership(spec, objects[owner_id], before[owner_id], after[owner_id])


def _record_membership(spec: _Membership, owner, before: list, after: list) -> None:
    """One entry per owner and request: the admin's set() removes, then adds, and the second
    operation completes the first one's entry instead of writing another."""
    context = current()
    key = (spec.action, owner._meta.label_lower, owner.pk)
    opened = context.open_entries.get(key) if context is not None else None
    if opened is not None:
        entry_id, first_before = opened
        entries = AuditEntry.objects.filter(pk=entry_id)
        if first_before == after:  # back where it started: nothing changed after all
            entries.delete()
            del context.open_entries[key]
            return
        if entries.update(changes={spec.field: [first_before, after]}):
            return
    entry = audit_record(action=spec.action, target=owner, changes={spec.field: (before, after)})
    if context is not None:
        context.open_entries[key] = (entry.pk, before)


def connect() -> None:
    user_model = get_user_model()
    _TRACKED.update(
        {
            user_model.groups.through: _Membership(
                AuditAction.USER_GROUPS_CHANGED, "groups", "user", "group", ("group__name",)
            ),
            user_model.user_permissions.through: _Membership(
                AuditAction.USER_PERMISSIONS_CHANGED,
                "user_permissions",
                "user",
                "permission",
                _PERMISSION_LABEL,
            ),
            Group.permissions.through: _Membership(
                AuditAction.GROUP_PERMISSIONS_CHANGED,
                "permissions",
                "group",
                "permission",
                _PERMISSION_LABEL,
            ),
        }
    )
    user_logged_in.connect(_logged_in, dispatch_uid="audit.login")
    user_login_failed.connect(_login_failed, dispatch_uid="audit.login_failed")
    pre_save.connect(_flags_before, sender=user_model, dispatch_uid="audit.user_flags.before")
    post_save.connect(_flags_after, sender=user_model, dispatch_uid="audit.user_flags.after")
    for through in _TRACKED:
        m2m_changed.connect(
            _memberships_changed, sender=through, dispatch_uid=f"audit.m2m.{through.__name__}"
        )
