"""The bare Django hello-world bench/serving.py measures the portal against: one view, no apps, no middleware.

gunicorn --workers 5 bench.hello:application
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-hello-world-not-secret",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def hello(request):
    return HttpResponse("Hello, world.")


urlpatterns = [path("", hello), path("<path:anything>", hello)]
application = get_wsgi_application()
