"""«هل كانت هذه الصفحة مفيدة؟» where people finish something, and nowhere else; on a page the
page cache keeps, nobody is shown another visitor's thanks."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import services as accounts_services
from accounts.tokens import email_change_confirm_path
from ratings.models import PageFeedback
from ratings.tokens import rating_token
from subscriptions.models import SubscriptionRequest
from subscriptions.tokens import activation_token_generator
from tests.factories import DEMO_PASSWORD, UserFactory
from tests.ratings.factories import RatingFactory
from tests.ratings.feedback import ASKED, THANKED, THANKS_MESSAGE, answer, widget_form, widget_of
from tests.tawasul.factories import TawasulRequestFactory

pytestmark = pytest.mark.django_db

Page = PageFeedback.Page
LOGIN = reverse("accounts:login")
PROFILE = reverse("accounts:profile")


def text(response) -> str:
    return response.content.decode()


def answered_on(page: str) -> str:
    """The page key the widget of `page` sends its answer for."""
    return widget_form(page)["action"].rstrip("/").rsplit("/", 1)[-1]


def test_the_password_pages_ask_once_the_password_is_saved(client):
    complete = text(client.get(reverse("accounts:password_reset_complete")))
    assert widget_of(complete).startswith(ASKED)
    assert answered_on(complete) == Page.PASSWORD_RESET_COMPLETE

    client.force_login(UserFactory())
    done = text(client.get(reverse("accounts:password_change_done")))
    assert answered_on(done) == Page.PASSWORD_CHANGED
    assert widget_of(text(client.get(reverse("accounts:password_change")))) == ""


def test_the_subscription_confirmation_asks(client):
    form = {
        "company_name": "مؤسسة الريان للتجارة",
        "full_name": "فهد سعد العتيبي",
        "national_id": "1000000008",
        "city": "riyadh",
        "mobile": "050 123 4567",
        "email": "fahad@example.com",
    }
    confirmation = client.post(reverse("subscriptions:individual"), form, follow=True)
    page = text(confirmation)
    assert SubscriptionRequest.objects.get().number in page
    assert answered_on(page) == Page.SUBSCRIPTION_REQUEST_SENT
    assert widget_of(text(client.get(reverse("subscriptions:status")))) == ""


def test_the_rating_asks_in_its_thank_you_state_only(client):
    unrated = TawasulRequestFactory(status="processed")
    form_page = text(
        client.get(reverse("ratings:rate", args=[rating_token(request_id=unrated.pk)]))
    )
    assert "إرسال التقييم" in form_page
    assert widget_of(form_page) == ""

    rated = RatingFactory().request
    page = text(client.get(reverse("ratings:rate", args=[rating_token(request_id=rated.pk)])))
    assert answered_on(page) == Page.ANSWER_RATED


def test_the_log_in_page_asks_while_it_says_the_account_is_active(client):
    newcomer = UserFactory(is_active=False)
    link = reverse(
        "subscriptions:activate",
        args=[
            urlsafe_base64_encode(force_bytes(newcomer.pk)),
            activation_token_generator.make_token(newcomer),
        ],
    )
    set_password = client.get(link, follow=True).redirect_chain[-1][0]
    done = client.post(
        set_password, {"new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD}
    )
    assert done.url == LOGIN

    page = text(client.get(LOGIN))
    assert "تم تفعيل حسابك" in page
    assert answered_on(page) == Page.ACCOUNT_ACTIVATED
    back = answer(client, page, "yes")

    assert back.url == LOGIN
    thanked = text(client.get(LOGIN))
    assert THANKS_MESSAGE in thanked
    assert widget_of(thanked) == ""  # the activation's message is gone, and the question with it
    assert widget_of(text(client.get(LOGIN))) == ""
    assert PageFeedback.objects.get().page == Page.ACCOUNT_ACTIVATED


def test_the_account_page_asks_once_the_new_e_mail_address_is_confirmed(client):
    layla = UserFactory()
    client.force_login(layla)
    assert widget_of(text(client.get(PROFILE))) == ""
    change = accounts_services.user_email_change_request(user=layla, new_email="layla@new.sa")

    confirmed = client.post(email_change_confirm_path(change.pk))

    assert confirmed.url == PROFILE
    page = text(client.get(PROFILE))
    assert "أصبح بريدك الإلكتروني الآن layla@new.sa." in page
    assert answered_on(page) == Page.EMAIL_CHANGED


@pytest.mark.urls("tests.ratings.cached_page_urls")
def test_on_a_kept_page_each_visitor_sees_their_own_state_and_their_own_token():
    kept = reverse("kept_complete")
    sara, omar = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    omar_page = text(omar.get(kept))
    sara_page = text(sara.get(kept))
    assert widget_of(sara_page).startswith(ASKED)
    assert (
        widget_form(sara_page)["csrfmiddlewaretoken"]
        != widget_form(omar_page)["csrfmiddlewaretoken"]
    )
    assert answer(sara, sara_page, "yes").status_code == 302  # her own token works
    assert THANKS_MESSAGE in text(sara.get(kept))

    # Later visits: Sara is thanked, Omar still asked, each drawn for them.
    assert widget_of(text(sara.get(kept))) == THANKED
    omar_again = omar.get(kept)
    assert widget_of(text(omar_again)).startswith(ASKED)
    assert answer(omar, text(omar_again), "no").status_code == 302
    assert PageFeedback.objects.count() == 2
