"""Malformed input to the HTML site never answers 5xx: a property test feeds query strings (NUL bytes, huge
and negative numbers, far and impossible dates, wrong types, odd unicode) to every page without URL
arguments, every list among them, and malformed bodies to every form on them, as staff and as a firm's
representative. Bounded (a fixed number of examples, derandomised) so that it fits in ``make test``;
``FUZZ_EXAMPLES`` raises the count for a deeper run by hand.
"""

import os
import re
from urllib.parse import quote

import django_filters
import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.accounts.roles import sync_roles

from ..factories import (
    ApplicationFactory,
    CohortFactory,
    ConsultingRequestFactory,
    LeaseFactory,
    MOUFactory,
    ObligationFactory,
    UserFactory,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "80"))
# Pages that end the session or are not pages; each would only cut the fuzzing short.
SKIPPED = {"account_logout", "set_language", "healthz", "accounts:data_export", "programs:outcomes_csv"}


def pages() -> list[str]:
    """The paths of every named HTML page that takes no URL argument (no API, no admin)."""

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}" if namespace else pattern.name

    return sorted(
        "/" + path
        for path, name in walk(get_resolver().url_patterns)
        if not re.search(r"[<(^$\\]", path) and not path.startswith(("api/", "admin/")) and name not in SKIPPED
    )


def filter_names() -> list[str]:
    """Every parameter a django-filter set of the site reads (``month``, ``ending_within_days`` ...)."""
    found, todo = set(), [django_filters.FilterSet]
    while todo:
        filterset = todo.pop()
        todo.extend(filterset.__subclasses__())
        found.update(filterset.base_filters)
    return sorted(found)


NASTY = [
    "\x00",
    "a\x00b",
    "%00",
    "9" * 30,
    "99999999",
    "-1",
    "-9223372036854775809",
    "1e308",
    "NaN",
    "9999-12",
    "0000-00",
    "2026-02-30",
    "10000-01-01",
    "-0001-01-01",
    "abc",
    "[]",
    "{}",
    "'; --",
    "<script>",
    "１２",  # noqa: RUF001 - full-width digits, on purpose
    "٣",
    "𝟗",
    "\ud7ff",
    "\u202e",
    " ",
    "",
]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=20), st.integers().map(str))


def query_string(params: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in params)


@pytest.fixture
def world(alice):
    """Rows in each list, so that filters and pages run over something."""
    sync_roles()
    ApplicationFactory(firm=alice.firm)
    CohortFactory()
    ConsultingRequestFactory(firm=alice.firm)
    LeaseFactory(firm=alice.firm)
    ObligationFactory(mou=MOUFactory())
    return {"staff": UserFactory(is_staff=True, is_superuser=True), "representative": alice.representative}


def form_fields(client, path: str, cache: dict) -> list[str]:
    """The names of the inputs on the page (its form's fields), read once per page."""
    if path not in cache:
        response = client.get(path)
        body = response.content.decode(errors="replace") if response.status_code == 200 else ""
        cache[path] = sorted(set(re.findall(r'name="([^"]+)"', body)) - {"csrfmiddlewaretoken"})
    return cache[path]


@pytest.mark.parametrize("who", ["staff", "representative"])
def test_no_page_answers_5xx_to_a_malformed_query_or_form(client, world, who):
    client.force_login(world[who])
    paths, keys, fields = pages(), filter_names() + ["page", "q", "target", "next"], {}
    assert "/staff/leases/" in paths and "/programs/" in paths and "month" in keys

    @given(
        path=st.sampled_from(paths),
        query=st.lists(st.tuples(st.sampled_from(keys) | st.text(max_size=8), values), max_size=4),
        body=st.lists(values, max_size=6),
        post=st.booleans(),
    )
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def request(path, query, body, post):
        url = f"{path}?{query_string(query)}"
        if post:
            names = form_fields(client, path, fields)
            response = client.post(url, dict(zip(names, body, strict=False)))
        else:
            response = client.get(url)
        assert response.status_code < 500, f"{'POST' if post else 'GET'} {url}: {response.status_code}"

    request()
