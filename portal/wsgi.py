import os

from django.core.wsgi import get_wsgi_application

from core.wsgi_guard import refuse_unreadable_requests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = refuse_unreadable_requests(get_wsgi_application())
