from django.utils.crypto import get_random_string

from tawasul.models import Incident

# No 0/O or 1/I: references are read aloud over the phone and typed from screenshots.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def incident_record(
    *,
    code: str,
    message: str,
    user=None,
    service: str = "",
    path: str = "",
    resident_iqama: str = "",
    resident_name: str = "",
) -> Incident:
    """Record an error message shown to someone, to be quoted by the Tawasul link beside it."""
    return Incident.objects.create(
        reference="INC-" + get_random_string(8, _REFERENCE_ALPHABET),
        code=code,
        message=message,
        user=user if user is not None and user.is_authenticated else None,
        service=service,
        path=path[:500],
        resident_iqama=resident_iqama,
        resident_name=resident_name,
    )
