from django.utils.functional import SimpleLazyObject

from .scoping import membership_of


def current_firm(request):
    """``membership`` in every template, looked up only when a template uses it."""
    return {"membership": SimpleLazyObject(lambda: membership_of(request.user))}
