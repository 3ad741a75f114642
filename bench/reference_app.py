"""Reference server for the benchmark: one Django view returning a fixed string.

Run: gunicorn bench.reference_app:application (the benchmark sets the environment).
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ.get("SECRET_KEY", "reference-app-only"),
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
    )


def hello(request):
    return HttpResponse("Hello from the reference view.")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
