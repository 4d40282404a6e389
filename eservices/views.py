"""E-services pages: the establishment's residents, a resident, and the services requested for them.

A refused service is recorded as a Tawasul incident and shown with the "تواصل" link beside
the message.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Establishment
from eservices import selectors, services
from eservices.forms import IqamaRenewalForm, ResidentSearchForm, VisaRequestForm
from eservices.models import Resident, Service

RESIDENTS_PER_PAGE = 20


def establishment_required(view: Callable) -> Callable:
    """Log-in required; a user with no establishment reads why the e-services are not for them."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        establishment = request.user.establishment
        if establishment is None:
            return render(request, "eservices/no_establishment.html")
        return view(request, establishment, *args, **kwargs)

    return wrapper


@establishment_required
def index(request: HttpRequest, establishment: Establishment) -> HttpResponse:
    """Residents management: the establishment's residents, searchable by iqama number or name."""
    form = ResidentSearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    residents = selectors.resident_list(establishment=establishment, search=search)
    page = Paginator(residents, RESIDENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "eservices/resident_list.html",
        {
            "establishment": establishment,
            "balance": selectors.establishment_balance(establishment=establishment),
            "form": form,
            "search": search,
            "page_obj": page,
        },
    )


@establishment_required
def resident_detail(request: HttpRequest, establishment: Establishment, pk: int) -> HttpResponse:
    resident = selectors.resident_get(establishment=establishment, pk=pk)
    return render(
        request,
        "eservices/resident_detail.html",
        {
            "establishment": establishment,
            "resident": resident,
            "visas": selectors.resident_visas(resident=resident),
            "renewals": selectors.resident_renewals(resident=resident),
        },
    )


def _refused(
    request: HttpRequest,
    refusal: services.ServiceRefused,
    *,
    service: str,
    resident: Resident,
    template: str,
    context: dict,
) -> HttpResponse:
    incident = services.service_refusal_record(
        refusal=refusal, user=request.user, service=service, resident=resident, path=request.path
    )
    context |= {
        "refusal_code": refusal.code.value,
        "refusal_message": refusal.message,
        "incident": incident,
    }
    return render(request, template, context)


def _service_page(
    request: HttpRequest,
    establishment: Establishment,
    pk: int,
    *,
    service: str,
    template: str,
    form: Callable[[QueryDict | None, Resident], Form],
    perform: Callable[[Resident, dict], str],
) -> HttpResponse:
    """The shared shape of a service page: check the permission, bind the form, call the service."""
    resident = selectors.resident_get(establishment=establishment, pk=pk)
    context = {"establishment": establishment, "resident": resident, "service": Service(service)}
    # Read when the page is drawn, so a refusal shows the balance as it is now.
    context["balance"] = lambda: selectors.establishment_balance(establishment=establishment)
    bound = form(request.POST or None, resident)
    context["form"] = bound
    try:
        # Refused at once, before any form is filled in, when the user may not use the service.
        services.service_permission_check(user=request.user, service=service)
        if request.method == "POST" and bound.is_valid():
            success_message = perform(resident, bound.cleaned_data)
            messages.success(request, success_message)
            return redirect("eservices:resident_detail", pk=resident.pk)
    except services.ServiceRefused as refusal:
        if refusal.code == services.ErrorCode.NO_PERMISSION:
            context["form"] = None
        return _refused(
            request,
            refusal,
            service=service,
            resident=resident,
            template=template,
            context=context,
        )
    return render(request, template, context)


@establishment_required
def visa_create(request: HttpRequest, establishment: Establishment, pk: int) -> HttpResponse:
    def perform(resident: Resident, data: dict) -> str:
        visa = services.visa_exit_reentry_issue(
            user=request.user,
            resident=resident,
            kind=data["kind"],
            duration_months=data["duration_months"],
        )
        return _(
            "The %(kind)s visa for %(name)s is issued, valid until %(date)s. "
            "%(fee)s SAR were taken from the establishment's balance."
        ) % {
            "kind": visa.get_kind_display(),
            "name": resident.full_name,
            "date": visa.valid_until.isoformat(),
            "fee": f"{visa.fee:,.2f}",
        }

    return _service_page(
        request,
        establishment,
        pk,
        service=Service.EXIT_REENTRY_VISA,
        template="eservices/visa_create.html",
        form=lambda data, resident: VisaRequestForm(data),
        perform=perform,
    )


@establishment_required
def iqama_renewal_create(
    request: HttpRequest, establishment: Establishment, pk: int
) -> HttpResponse:
    def perform(resident: Resident, data: dict) -> str:
        renewal = services.iqama_renew(user=request.user, resident=resident, years=data["years"])
        return _(
            "The iqama of %(name)s is renewed until %(date)s. "
            "%(fee)s SAR were taken from the establishment's balance."
        ) % {
            "name": resident.full_name,
            "date": renewal.new_expiry.isoformat(),
            "fee": f"{renewal.fee:,.2f}",
        }

    return _service_page(
        request,
        establishment,
        pk,
        service=Service.IQAMA_RENEWAL,
        template="eservices/iqama_renewal_create.html",
        form=lambda data, resident: IqamaRenewalForm(data, resident=resident),
        perform=perform,
    )
