"""Every e-services page runs a bounded number of SQL queries, however many residents or visas."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.eservices.factories import ResidentFactory, VisaFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Session, user, establishment, balance, count, page (+ the savepoints of the test's transaction).
LIST_MAX_QUERIES = 7


@pytest.mark.parametrize("residents", [1, 60])
def test_the_residents_list_is_bounded(
    primary_client, establishment, django_assert_max_num_queries, residents
):
    ResidentFactory.create_batch(residents, establishment=establishment)

    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = primary_client.get(reverse("eservices:index"), {"page": 2})
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        primary_client.get(reverse("eservices:index"), {"q": "29"})

    assert response.status_code == 200


def test_the_resident_page_is_bounded_whatever_its_history(
    primary_client, resident, django_assert_max_num_queries
):
    VisaFactory.create_batch(30, resident=resident, issued_by=resident.establishment.primary_user)

    with django_assert_max_num_queries(6):
        response = primary_client.get(reverse("eservices:resident_detail", args=[resident.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("page", ["eservices:visa_create", "eservices:iqama_renewal_create"])
def test_the_service_forms_are_bounded(
    primary_client, resident, django_assert_max_num_queries, page
):
    with django_assert_max_num_queries(6):
        response = primary_client.get(reverse(page, args=[resident.pk]))

    assert response.status_code == 200


def test_issuing_a_visa_is_bounded(primary_client, resident, django_assert_max_num_queries):
    with django_assert_max_num_queries(18):  # full_clean checks the visa's keys
        response = primary_client.post(
            reverse("eservices:visa_create", args=[resident.pk]),
            {"kind": "single", "duration_months": 2},
        )

    assert response.status_code == 302


def test_a_refusal_is_bounded(primary_client, establishment, django_assert_max_num_queries):
    resident = ResidentFactory(establishment=establishment, traffic_violations_amount=Decimal(1))

    with django_assert_max_num_queries(12):
        response = primary_client.post(
            reverse("eservices:visa_create", args=[resident.pk]),
            {"kind": "single", "duration_months": 2},
        )

    assert response.status_code == 200


def test_the_no_establishment_page_is_bounded(client, django_assert_max_num_queries):
    client.force_login(UserFactory(establishment=None))

    with django_assert_max_num_queries(3):
        client.get(reverse("eservices:index"))
