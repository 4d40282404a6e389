import pytest

pytestmark = pytest.mark.django_db


def test_home_page_opens_in_arabic_right_to_left(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
