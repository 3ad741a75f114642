"""Security headers on public and admin responses."""

import pytest
from django.core.cache import cache


@pytest.fixture
def demo(demo_for_the_module, db):
    """The demo content, loaded once for this module (tests/conftest.py)."""


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("from_cache", [False, True], ids=["rendered", "from-the-page-cache"])
@pytest.mark.parametrize(
    "path", ["/", "/news/", "/threat-levels/", "/what-we-do/cyber/", "/no-such-page/"]
)
def test_public_responses_carry_a_strict_policy(client, demo, path, from_cache, settings):
    if from_cache:
        # A page is stored with its headers: a copy served from the cache has them all.
        settings.SERVING_PAGE_CACHE_SECONDS = 300
        cache.clear()
        client.get(path)
    response = client.get(path)
    if from_cache and response.status_code == 200:
        assert response["X-Page-Cache"] == "hit"

    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    joined = response["Content-Security-Policy"]
    assert "unsafe-inline" not in joined and "unsafe-eval" not in joined
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/", "/search/?q=cyber"])
def test_a_host_we_do_not_serve_gets_a_400_with_every_header(client, demo, settings, path):
    """Read by the serving middleware first (the page's key, what is kept for which
    host), a host outside ALLOWED_HOSTS raised before the header middlewares ran: the 400
    went out without its policy, X-Frame-Options and Permissions-Policy."""
    settings.SERVING_PAGE_CACHE_SECONDS = 300
    settings.SERVING_KEEP_IN_PROCESS = True

    response = client.get(path, HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert directives(response)["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_public_pages_have_no_inline_script(client, demo):
    for path in ("/", "/news/", "/threat-levels/", "/careers/", "/what-we-do/"):
        html = client.get(path).content.decode()
        start = 0
        while (start := html.find("<script", start)) != -1:
            tag = html[start : html.index(">", start) + 1]
            assert (
                " src=" in tag
                or 'type="application/ld+json"' in tag
                or ('type="application/json"' in tag)
            ), f"inline script on {path}: {tag}"
            start += 1


@pytest.mark.parametrize("path", ["/embed/threat-level.svg", "/api/threat-level.json"])
def test_the_badge_and_api_may_be_used_by_other_sites(client, demo, path):
    assert client.get(path)["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_the_admin_has_its_own_looser_policy(client, demo):
    response = client.get("/admin/login/")

    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["object-src"] == ["'none'"]


def test_cookies_are_samesite_and_http_only(client, demo, superuser):
    client.force_login(superuser)
    response = client.get("/admin/login/")

    from django.conf import settings

    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_SAMESITE == "Lax"
    csrf = response.cookies.get(settings.CSRF_COOKIE_NAME)
    if csrf is not None:
        assert csrf["samesite"] == "Lax"
