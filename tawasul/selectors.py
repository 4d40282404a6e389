from tawasul.models import Incident


def incident_get_for_user(*, reference: str, user) -> Incident | None:
    """The incident behind a Tawasul link, only if it is this user's own."""
    return Incident.objects.filter(reference=reference, user=user).first()
