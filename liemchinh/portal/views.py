from django.shortcuts import render


def home(request):
    """The first page a visitor sees: the public portal and the staff sign-in."""
    return render(request, "portal/home.html")


def public_portal(request):
    return render(request, "portal/public.html")
