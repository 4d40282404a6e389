from tests.tawasul.conftest import agent, applicant  # noqa: F401 (shared fixtures)
