import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

from core.wsgi_guard import refuse_unreadable_requests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

try:
    application = refuse_unreadable_requests(get_wsgi_application())
except ImproperlyConfigured as error:
    # A setting refused at start: gunicorn stops with its message alone, not 40 lines of
    # traceback through importlib above it (found by an operator's probe).
    raise SystemExit(f"ImproperlyConfigured: {error}") from None
