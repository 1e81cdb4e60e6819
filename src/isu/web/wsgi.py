"""WSGI entry point for production: ``gunicorn isu.web.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isu.web.settings")

application = get_wsgi_application()
