"""The portal's pages on Jinja2, through Django's own backend; the admin and e-mails stay on Django
templates.

Why: a page drawn afresh spent three quarters of its time in Django's template engine, a third in
crispy-forms (bench/FINDINGS.md, 2026-12-06). The same pages in Jinja2, with the forms drawn by the
macros in jinja2/macros/forms.html, cost a fraction of that.

Where templates live: `jinja2/` (this engine, tried first) for the portal's pages, `templates/` for
what Django's engine draws (the admin's overrides, e-mails). A name is looked up in that order.

What every page may use besides its view's context:
- `request`, `user`, `perms`, `messages`, `csrf_input`, `csrf_token` (from the request);
- `_()` and `ngettext()` (Django's translations: write `{{ _("…") }}`, or
  `{{ _("… %(x)s …") % {"x": …} }}`, so that `makemessages` finds the message id; a message
  that carries markup is `{{ _("…<bdi>%(x)s</bdi>…")|safe % {…} }}`: the values are escaped);
- `url()`, `static()`, `get_language()`, `get_language_bidi()`, `now()`, `status_badge()`,
  `rating_path()`, `page_feedback_widget()` and `page_feedback_after()` (the «هل كانت هذه الصفحة
  مفيدة؟» widget, ratings/page_feedback.py);
- filters: Django's `date` (in local time), `linebreaksbr`, `filesizeformat`, `urlencode`, and the
  project's `hijri`, `both_dates`, `sar`, `status_label`, `section_label`, `service_type_label`,
  `years`; `attrs` and `widget` for the form macros.
"""

from __future__ import annotations

from functools import lru_cache
from uuid import UUID

import jinja2
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms import BoundField
from django.forms import widgets as django_widgets
from django.middleware.csrf import get_token
from django.template import Context, TemplateSyntaxError
from django.template import defaultfilters as django_filters
from django.template.backends import jinja2 as django_jinja2
from django.templatetags.static import static as django_static
from django.test.signals import template_rendered
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.timezone import template_localtime
from django.utils.translation import trans_real
from markupsafe import Markup, escape

from eservices.templatetags.eservices_tags import sar, years
from ratings.page_feedback import page_feedback_after, page_feedback_widget
from ratings.templatetags.ratings_tags import rating_path
from tawasul.templatetags.tawasul_tags import (
    arabic_date,
    both_dates,
    hijri,
    section_label,
    service_type_label,
    status_badge,
    status_label,
)


class Jinja2(django_jinja2.Jinja2):
    """Django's Jinja2 backend, with Django's template rules for the context (see `Template`)."""

    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)

    def get_template(self, template_name):
        return Template(super().get_template(template_name).template, self)


class Template(django_jinja2.Template):
    def __init__(self, template, backend):
        super().__init__(template, backend)
        self.name = template.name  # as Django's templates have it (the test client lists them)

    def render(self, context=None, request=None):
        """As Django's templates do it: the view's context wins over the context processors, and
        a `csrf_token` the view gives is the one printed (the page cache draws a page with a marker
        in its place, speed/pages.py). Otherwise the request's own token, masked once for the
        page however many forms print it (Django's backend masked it again for each form)."""
        context = dict(context or {})
        if request is not None:
            context = {"request": request, **self._processed(request), **context}
            if "csrf_token" not in context:
                context["csrf_token"] = SimpleLazyObject(lambda: get_token(request))
            token = context["csrf_token"]
            context["csrf_input"] = SimpleLazyObject(lambda: csrf_input(token))
        context[URL_CONTEXT] = url_context()
        context["_"] = page_gettext()
        if template_rendered.receivers:  # the test client, django-debug-toolbar; not in production
            template_rendered.send(sender=self, template=self, context=Context(context))
        try:
            return self.template.render(context)
        except jinja2.TemplateSyntaxError as exc:
            new = TemplateSyntaxError(exc.args)
            new.template_debug = django_jinja2.get_exception_info(exc)
            raise new from exc

    def _processed(self, request) -> dict:
        values = {}
        for processor in self.backend.template_context_processors:
            values.update(processor(request))
        return values


def page_gettext():
    """`_()` for one page: the active language's catalogue, looked up once for the page.

    Django's gettext looks the active language up on every call (3.8 µs against 0.3 µs for the
    catalogue's own); a page says 60 to 80 things (bench/FINDINGS.md, 2026-12-05). Templates never
    ask for an empty message or one with a carriage return, the two cases Django's adds to it."""
    return trans_real.catalog().gettext


def csrf_input(token: str) -> Markup:
    """The hidden field `{% csrf_token %}` writes."""
    return Markup(f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">')  # noqa: S704


class SilentUndefined(jinja2.ChainableUndefined):
    """Django's rule for a missing name: empty, never an error, also for its attributes and
    methods. The 500 page, for one, is drawn without a request when the request is what broke."""

    __slots__ = ()

    def __call__(self, *args, **kwargs):
        return self


# reverse() costs 10-30 µs, and pages call it often: the header names eight addresses, a list one
# per row. An address depends only on its name and arguments, the URL conf, the script prefix and
# the language; so the plain ones are kept as they are, and for one int or UUID argument (printed
# as str(value) by Django's converters) what surrounds it is kept, never a row's whole address.
_PLAIN_URLS: dict[tuple, str] = {}
_URLS_AROUND: dict[tuple, tuple[str, str] | None] = {}
_SAMPLES = {int: 987654321, UUID: UUID("8f0c2a3e-7b61-4d2e-9a55-3c1e0f4b9d2a")}
URL_CONTEXT = "_url_context"  # set by Template.render


@jinja2.pass_context
def url(context, name: str, *args, **kwargs) -> str:
    """Django's reverse(), for templates: `url('tawasul:request_detail', number)`."""
    if kwargs or len(args) > 1:
        return reverse(name, args=args, kwargs=kwargs)
    where = (name, *(context.get(URL_CONTEXT) or url_context()))
    if not args:
        address = _PLAIN_URLS.get(where)
        if address is None:
            address = _PLAIN_URLS[where] = reverse(name)
        return address
    value = args[0]
    kind = type(value)
    if kind not in _SAMPLES or (kind is int and value < 0):
        return reverse(name, args=args)
    key = (*where, kind)
    if key not in _URLS_AROUND:
        _URLS_AROUND[key] = _address_around(name, _SAMPLES[kind])
    around = _URLS_AROUND[key]
    if around is None:  # not made of str(value): each address from reverse()
        return reverse(name, args=args)
    return f"{around[0]}{value}{around[1]}"


def url_context() -> tuple:
    """What an address depends on besides its name and arguments (read once for a whole page)."""
    return (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), translation.get_language())


def _address_around(name: str, sample) -> tuple[str, str] | None:
    try:
        pieces = reverse(name, args=[sample]).split(str(sample))
    except NoReverseMatch:
        return None
    return (pieces[0], pieces[1]) if len(pieces) == 2 else None


@lru_cache(maxsize=512)
def static(path: str) -> str:
    """Django's `static`, remembered: a static file's address does not change while the process
    runs (the manifest is read once); forgotten when the tests change the storage settings."""
    return django_static(path)


@receiver(setting_changed)
def _forget_static_addresses(*, setting, **kwargs) -> None:
    if setting in ("STATIC_URL", "STATIC_ROOT", "STORAGES"):
        static.cache_clear()


def date(value, arg=None) -> str:
    """Django's `date` filter, in the local time zone as Django's templates convert it."""
    return django_filters.date(template_localtime(value), arg)


def linebreaksbr(value) -> Markup:
    """Django's `linebreaksbr` (escaped text, each line break a <br>), at a third of its cost: a
    timeline calls it once per reply."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    if not hasattr(value, "__html__"):
        text = str(escape(text))  # a plain str: Markup.replace would escape the <br> too
    return Markup(text.replace("\n", "<br>"))  # noqa: S704 (escaped above, or safe already)


def attrs(values: dict, exclude: str = "") -> Markup:
    """HTML attributes as Django's widget templates write them: True alone, False left out."""
    # Every value is escaped here; names are the widget's own.
    return Markup(  # noqa: S704
        "".join(
            f" {name}" if value is True else f' {name}="{escape(value)}"'
            for name, value in values.items()
            if value is not False and name != exclude
        )
    )


def select_options(optgroups: list) -> Markup:
    """A select's options, in groups where it has them, as Django's select.html draws them.

    Drawn here rather than in the macro: a list of 40 cities is the form page's longest loop."""
    html = []
    for group, choices, _index in optgroups:
        if group:
            html.append(f'<optgroup label="{escape(group)}">')
        html.extend(
            f'<option value="{escape(option["value"])}"{attrs(option["attrs"])}>'
            f"{escape(option['label'])}</option>"
            for option in choices
        )
        if group:
            html.append("</optgroup>")
    return Markup("".join(html))  # noqa: S704 (every value and label escaped above)


# The macros' name for each kind of widget (jinja2/macros/forms.html); a widget not listed has no
# markup there yet, and drawing it fails rather than look wrong.
WIDGET_KINDS = (
    (django_widgets.FileInput, "file"),
    (django_widgets.CheckboxSelectMultiple, "choices"),
    (django_widgets.RadioSelect, "choices"),
    (django_widgets.Select, "select"),
    (django_widgets.Textarea, "textarea"),
    (django_widgets.Input, "input"),
)


def widget(field: BoundField, classes: dict[str, str]) -> dict:
    """What the macros need to draw a field's control: Django's own widget context (name, value,
    attributes with id, required and aria-*, options) and the widget's `kind`; the classes given
    for that kind are added as crispy-forms added them, after the widget's own class and its
    lower-cased class name."""
    control = field.field.widget
    kind = next((kind for cls, kind in WIDGET_KINDS if isinstance(control, cls)), None)
    if kind is None:
        raise TypeError(f"No markup for {type(control).__name__} in jinja2/macros/forms.html")
    extra = {}
    if kind in classes:
        css = control.attrs.get("class", "")
        own = type(control).__name__.lower()
        css = f"{css} {own}" if css and own not in css else css or own
        for name in classes[kind].split():
            if name not in css.split():
                css = f"{css} {name}"
        extra["class"] = css
    extra = field.build_widget_attrs(extra, control)
    if field.auto_id and "id" not in control.attrs:
        extra.setdefault("id", field.auto_id)
    context = control.get_context(field.html_name, field.value(), extra)["widget"]
    context["kind"] = kind
    return context


def environment(**options) -> jinja2.Environment:
    # Django's backend picks Undefined (DebugUndefined with DEBUG); the pages rely on DTL's rule.
    options["undefined"] = SilentUndefined
    env = jinja2.Environment(**options)  # noqa: S701 (Django's backend sets autoescape=True)
    env.globals.update(
        {
            "_": translation.gettext,
            "ngettext": translation.ngettext,
            "get_language": translation.get_language,
            "get_language_bidi": translation.get_language_bidi,
            "url": url,
            "static": static,
            "now": timezone.localtime,
            "status_badge": status_badge,
            "rating_path": rating_path,
            "page_feedback_widget": page_feedback_widget,
            "page_feedback_after": page_feedback_after,
            "widget": widget,
        }
    )
    env.filters.update(
        {
            "date": date,
            "linebreaksbr": linebreaksbr,
            "filesizeformat": django_filters.filesizeformat,
            # Django's (quote with "/" kept unless told otherwise), not Jinja's.
            "urlencode": django_filters.urlencode,
            "attrs": attrs,
            "select_options": select_options,
            "hijri": hijri,
            "arabic_date": arabic_date,
            "both_dates": both_dates,
            "sar": sar,
            "years": years,
            "status_label": status_label,
            "section_label": section_label,
            "service_type_label": service_type_label,
        }
    )
    return env
