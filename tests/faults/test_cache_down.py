"""Redis as the cache is down: login, sign-up and pages keep working, and the login rate limit keeps
limiting from each process's local memory (portal.cache.DegradingRedisCache)."""

import os
import subprocess
import sys

import pytest
import redis
from django.urls import reverse

from portal.accounts.models import User

from ..accounts.test_signup_and_login import signup_data
from ..factories import CohortFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_redis_cache_url_gets_the_degrading_backend():
    environment = {**os.environ, "CACHE_URL": "redis://127.0.0.1:6399/2"}
    code = "from portal.settings import base; print(base.CACHES['default']['BACKEND'])"
    output = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "portal.cache.DegradingRedisCache"


def test_login_works_with_the_cache_down(client, private_redis, redis_cache):
    user = UserFactory()
    with private_redis.down():
        response = client.post(reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_works_with_the_cache_down(client, private_redis, redis_cache):
    with private_redis.down():
        response = client.post(reverse("account_signup"), signup_data())
    assert response.status_code == 302
    assert User.objects.filter(email="kim@example.kr").exists()


def test_public_pages_answer_with_the_cache_down(client, private_redis, redis_cache):
    cohort = CohortFactory()
    with private_redis.down():
        for url in ("/", reverse("account_login"), reverse("account_signup"), cohort.get_absolute_url()):
            assert client.get(url).status_code == 200, url


def test_the_login_rate_limit_still_refuses_with_the_cache_down(client, private_redis, redis_cache):
    user = UserFactory(email="target@example.kr")
    url = reverse("account_login")
    with private_redis.down():
        for _ in range(5):
            assert client.post(url, {"login": user.email, "password": "wrong-password"}).status_code == 200
        response = client.post(url, {"login": user.email, "password": "correct-horse-battery"})
        assert "_auth_user_id" not in client.session
        assert redis_cache.redis_is_down
    assert response.status_code in (200, 429)


def test_the_shared_cache_is_used_again_once_redis_is_back(private_redis, redis_cache):
    shared = redis.Redis.from_url(private_redis.url(1))
    with private_redis.down():
        redis_cache.set("during", "local")
        assert redis_cache.get("during") == "local"  # from the fallback
        assert redis_cache.redis_is_down
    redis_cache.set("after", "shared")
    assert not redis_cache.redis_is_down
    assert redis_cache.get("after") == "shared"
    assert shared.keys("*after*")  # written to Redis, visible to every process
    assert redis_cache.get("during") is None  # the outage's local values stay out of the shared cache


def test_the_redis_cache_keeps_one_client_and_reconnects_after_an_outage(private_redis, redis_cache):
    client = redis_cache._cache
    assert client.get_client() is client.get_client()
    redis_cache.set("greeting", "안녕")
    with private_redis.down():
        assert redis_cache.get("greeting") is None  # this process's memory has nothing yet
    redis_cache.set("greeting", "hello")
    assert redis_cache.get("greeting") == "hello"
    assert not redis_cache.redis_is_down
