"""The site's URLs plus one view that fails, for the error-handling tests."""

from django.urls import path

from portal.urls import handler500  # noqa: F401
from portal.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("the warehouse of secrets is on fire")


urlpatterns = [path("broken/", broken), *site_urlpatterns]
