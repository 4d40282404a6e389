"""Demo establishment and log-ins for `make run` (called by `manage.py seed_demo`). Idempotent."""

from django.contrib.auth.models import Group

from accounts.cities import City
from accounts.models import Establishment, Language, User
from accounts.roles import ROLES

# The same password as tests/factories.py DEMO_PASSWORD (a test checks they agree).
DEMO_PASSWORD = "Muqeem-pass-2026"  # noqa: S105 - demo log-in, printed on purpose

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
    return [
        f"{username} / {DEMO_PASSWORD} — {description}"
        for username, (_fields, description) in USERS.items()
    ]
