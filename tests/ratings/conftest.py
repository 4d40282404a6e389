# The Tawasul pages' fixtures (an applicant with an establishment, an agent, a request sent through
# the services), shared with tests/tawasul.
from tests.tawasul.conftest import agent, applicant, checked_files, incident, sent_request

__all__ = ["agent", "applicant", "checked_files", "incident", "sent_request"]
