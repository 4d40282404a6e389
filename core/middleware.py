from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
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
    (speed/pages.py) is another matter: it keys pages by user and adds the token per request.
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


# What django-csp leaves on a response whose policy a view changed (its decorators).
_PER_RESPONSE_POLICY = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
)  # fmt: skip


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the header built once per process.

    django-csp builds the header afresh for every response: measured, about as much CPU as the
    whole bare view of the bench. The portal's policy is the same for every response, so it is
    built once; a response that a view's django-csp decorator changed, a page that asked for a
    nonce, a report-only policy or excluded paths go through django-csp's own code as before.
    """

    _built: tuple[object, str] | None = None

    def process_response(self, request, response):
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        if (
            not policy
            or policy.get("EXCLUDE_URL_PREFIXES")
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _PER_RESPONSE_POLICY)
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        if self._built is None or self._built[0] is not policy:
            self._built = (policy, build_policy())
        if HEADER not in response:
            response[HEADER] = self._built[1]
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
