import pytest
from django.contrib.auth.models import Group

from accounts.roles import TAWASUL_AGENTS
from tawasul import services
from tawasul.models import Section, ServiceType
from tawasul.uploads import check_upload
from tests.factories import UserFactory, establishment_with_primary_user, verified_login
from tests.tawasul.factories import IncidentFactory, pdf_bytes, png_bytes, upload


@pytest.fixture
def applicant(db):
    """An establishment's primary user, as in the seed: the one who meets the error."""
    return establishment_with_primary_user(full_name="سارة أحمد القحطاني").primary_user


@pytest.fixture
def incident(applicant):
    return IncidentFactory(user=applicant)


@pytest.fixture
def agent(db):
    user = UserFactory(full_name="موظف تواصل", is_staff=True)
    user.groups.add(Group.objects.get(name=TAWASUL_AGENTS))
    return user


@pytest.fixture
def checked_files():
    def make(*names):
        files = []
        for name in names or ("passport.pdf",):
            content = pdf_bytes() if name.endswith(".pdf") else png_bytes()
            files.append(check_upload(upload(name, content)))
        return files

    return make


@pytest.fixture
def sent_request(applicant, incident, checked_files):
    """A request sent through the real services: draft, then confirmation."""

    def send(user=None, incident=incident, files=None):
        user = user or applicant
        draft = services.draft_save(
            user=user,
            incident=incident,
            section=Section.VISAS,
            service_type=ServiceType.EXIT_REENTRY_VISA,
            description="لا أستطيع إصدار تأشيرة خروج وعودة للمقيم رغم سداد الرسوم.",
            files=checked_files() if files is None else files,
        )
        return services.draft_submit(draft=draft, user=user)

    return send


@pytest.fixture(autouse=True)
def _empty_cache():
    # Pages cache fragments keyed on ids and times; a test must not see another test's fragments.
    from django.core.cache import caches

    for alias in ("default", "fragments"):
        caches[alias].clear()
    yield
    for alias in ("default", "fragments"):
        caches[alias].clear()


@pytest.fixture
def client_of(client):
    def log_in(user):
        if user.is_staff:  # as they are after their second factor
            verified_login(client, user)
        else:
            client.force_login(user)
        return client

    return log_in
