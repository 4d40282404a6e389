from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def lockout(request, credentials=None, *args, **kwargs):
    """django-axes calls this when the failure limit is reached: the log-in page, with the reason."""
    form = LoginForm(request, data=request.POST or None)
    form.errors.clear()
    form.add_error(
        None,
        _(
            "Too many failed log-in attempts. For your protection this account is locked "
            "for 15 minutes; try again later or reset your password."
        ),
    )
    return render(request, "accounts/login.html", {"form": form, "locked_out": True}, status=429)


@login_required
def profile(request):
    return render(request, "accounts/profile.html")
