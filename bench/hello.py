"""The bare Django hello-world bench/serving.py measures the portal against: one view, and the apps and
middleware ``django-admin startproject`` sets up (security, sessions, common, CSRF, authentication,
messages, clickjacking). None of them touches a database for this view: the session and the user are
lazy, and no cookie comes in. It is what a new Django project costs per request, before any page work.

gunicorn -c portal/gunicorn.conf.py bench.hello:application   (the portal's gunicorn settings)
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
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
    ],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
)


def hello(request):
    return HttpResponse("Hello, world.")


urlpatterns = [path("", hello), path("<path:anything>", hello)]
application = get_wsgi_application()
