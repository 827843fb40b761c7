import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
django_application = get_wsgi_application()

from portal.pagecache import PublicPageApplication  # noqa: E402 (needs the settings configured above)

# Cached public pages are answered before Django's handler (portal/pagecache.py).
application = PublicPageApplication(django_application)
