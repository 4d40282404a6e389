from django.shortcuts import render


def bare(request):
    """The framework's own limit: the full middleware stack and one trivial template, no queries."""
    return render(request, "bench/bare.html", {"title": "bench"})


def bare_user(request):
    """The floor of any logged-in page: the bare view plus loading the session and the user."""
    return render(request, "bench/bare.html", {"title": request.user.get_short_name()})
