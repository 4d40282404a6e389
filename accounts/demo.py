"""Demo establishment and log-ins for `make run` (called by `manage.py seed_demo`). Idempotent."""

from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.cities import City
from accounts.models import Establishment, Language, User
from accounts.roles import ROLES

# The same password as tests/factories.py DEMO_PASSWORD (a test checks they agree).
DEMO_PASSWORD = "Muqeem-pass-2026"  # noqa: S105 - demo log-in, printed on purpose

# The demo staff's second factor (staffauth): fixed TOTP keys (hex, as django-otp stores them),
# printed as otpauth:// URIs next to the passwords, for an authenticator app or a script.
DEMO_TOTP_KEYS = {
    "staff": "31e5ccf3a3cbb255b8dd3802e5144567ae30521f",
    "admin": "25342ed4d6fd22a78304d7f85cd64c886a822820",
}
DEMO_TOTP_DEVICE_NAME = "demo authenticator"
# manage.py defaults to the production settings: the demo's commands name the local ones.
_MANAGE = "DJANGO_SETTINGS_MODULE=muqeem.settings.local .venv/bin/python manage.py"

ESTABLISHMENT = {
    "unified_number": "7001234567",
    "name": "مؤسسة النخبة للمقاولات",
    "city": City.RIYADH,
}

# username → (fields, description printed next to the log-in).
# The national IDs carry a valid check digit.
USERS: dict[str, tuple[dict, str]] = {
    "demo": (
        {
            "full_name": "عبدالله بن محمد القحطاني",
            "national_id": "1034567899",
            "mobile": "+966501234567",
            "email": "demo@example.com",
        },
        "establishment primary user",
    ),
    "demo_sub": (
        {
            "full_name": "خالد بن سعد العتيبي",
            "national_id": "1045678909",
            "mobile": "+966551234567",
            "email": "demo_sub@example.com",
        },
        "establishment sub-user",
    ),
    "resident": (
        {
            "full_name": "Ahmed Hassan Ali",
            "national_id": "2456789011",
            "mobile": "+966561234567",
            "email": "resident@example.com",
        },
        "individual resident (no establishment)",
    ),
    "staff": (
        {
            "full_name": "سارة بنت فهد الدوسري",
            "national_id": "1056789017",
            "mobile": "+966531234567",
            "email": "staff@example.com",
            "is_staff": True,
        },
        "passport-office staff: Tawasul agent and subscription officer (admin at /admin/)",
    ),
    "admin": (
        {
            "full_name": "مدير النظام",
            "national_id": "1067890127",
            "mobile": "+966541234567",
            "email": "admin@example.com",
            "is_staff": True,
            "is_superuser": True,
        },
        "superuser (/admin/)",
    ),
}


def _user_ensure(username: str, fields: dict, establishment: Establishment | None) -> User:
    defaults = {
        "preferred_language": Language.ARABIC,
        "is_active": True,
        "is_staff": False,
        "is_superuser": False,
        **fields,
        "establishment": establishment,
    }
    user, _created = User.objects.update_or_create(username=username, defaults=defaults)
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save(update_fields=["password"])
    return user


def _totp_device_ensure(user: User, key: str) -> TOTPDevice:
    """The user's one authenticator, with the demo key: made once, put back if changed."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name=DEMO_TOTP_DEVICE_NAME, defaults={"key": key, "confirmed": True}
    )
    if (device.key, device.confirmed) != (key, True):
        device.key, device.confirmed = key, True
        device.save(update_fields=["key", "confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return device


def load_demo() -> list[str]:
    establishment, _created = Establishment.objects.update_or_create(
        unified_number=ESTABLISHMENT["unified_number"],
        defaults={"name": ESTABLISHMENT["name"], "city": ESTABLISHMENT["city"]},
    )
    establishment.full_clean()
    users = {
        username: _user_ensure(
            username,
            fields,
            establishment if username in ("demo", "demo_sub") else None,
        )
        for username, (fields, _description) in USERS.items()
    }
    if establishment.primary_user_id != users["demo"].pk:
        establishment.primary_user = users["demo"]
        establishment.save(update_fields=["primary_user"])
    users["staff"].groups.add(*Group.objects.filter(name__in=ROLES))
    lines = []
    for username, (_fields, description) in USERS.items():
        lines.append(f"{username} / {DEMO_PASSWORD} — {description}")
        if username in DEMO_TOTP_KEYS:
            device = _totp_device_ensure(users[username], DEMO_TOTP_KEYS[username])
            lines.append(f"    second factor (TOTP): {device.config_url}")
            lines.append(f"    or its current code: {_MANAGE} totp_code {username}")
    return lines
