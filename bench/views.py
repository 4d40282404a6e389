from django.shortcuts import render


def bare(request):
    """The framework's own limit: the full middleware stack and one trivial template, no queries."""
    return render(request, "bench/bare.html", {"title": "bench"})
