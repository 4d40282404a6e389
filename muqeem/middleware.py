from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers


class ArabicFirstLocaleMiddleware:
    """Activate the language the user chose (cookie), else Arabic.

    Django's LocaleMiddleware would follow the browser's Accept-Language; a Saudi government portal
    opens in Arabic for everyone and switches only when the user asks.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on every response that may hold someone's data, so that
    neither a shared proxy nor the browser's disk (a shared computer, the back button after log-out)
    keeps a copy.

    That is any response to a visitor with a session cookie (every signed-in user), any response
    that read the session (messages, drafts, the request just sent), and any response that sets a
    cookie: a page with a form renews the visitor's CSRF cookie, and its token is in the page. In
    practice every HTML page, since the language switch is a form. Static files never get here
    (WhiteNoise answers them first) and keep their long public cache. The server-side page cache
    (muqeem/pagecache.py) is another matter: it keys pages by user and adds the token per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or (session is not None and session.accessed)
            or response.cookies
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
