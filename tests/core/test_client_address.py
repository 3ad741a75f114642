"""The client's address (core.client_address): X-Forwarded-For is read only from the
proxies we run, walked from the right past each of them."""

import ipaddress
import runpy

import pytest
from django.test import RequestFactory

from core.client_address import client_address
from tests.portal.test_settings import GOOD_KEY, PROJECT_ROOT, run_production

NGINX = ["127.0.0.1/32"]
LOAD_BALANCERS_AND_NGINX = ["127.0.0.1/32", "10.0.0.0/24"]


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # Reached directly: the header is the client's own words.
        ([], "203.0.113.5", "", "203.0.113.5"),
        ([], "203.0.113.5", "198.51.100.7", "203.0.113.5"),
        # Behind nginx: the entry nginx added, never what the client wrote before it.
        (NGINX, "127.0.0.1", "203.0.113.5", "203.0.113.5"),
        (NGINX, "127.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        # Not from a proxy of ours: the header is ignored, however it is set.
        (NGINX, "198.51.100.7", "203.0.113.5", "198.51.100.7"),
        # Two hops of ours (a load balancer, then nginx).
        (LOAD_BALANCERS_AND_NGINX, "127.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.4", "203.0.113.5"),
        # A proxy of ours with nothing forwarded, or only our own addresses.
        (NGINX, "127.0.0.1", "", "127.0.0.1"),
        (LOAD_BALANCERS_AND_NGINX, "127.0.0.1", "10.0.0.4", "10.0.0.4"),
        # Garbage where a proxy of ours would have written an address: the hop before it.
        (NGINX, "127.0.0.1", "not-an-address", "127.0.0.1"),
        (NGINX, "127.0.0.1", "2001:db8::1", "2001:db8::1"),
        (NGINX, "::ffff:127.0.0.1", "::ffff:203.0.113.9", "203.0.113.9"),
        # With the client's port, as some load balancers write it (found by a probe: each
        # client was counted as the proxy, all of them sharing one lockout).
        (NGINX, "127.0.0.1", "203.0.113.5:51234", "203.0.113.5"),
        (NGINX, "127.0.0.1", "[2001:db8::7]:51234", "2001:db8::7"),
        (NGINX, "127.0.0.1", "[2001:db8::7]", "2001:db8::7"),
        (NGINX, "127.0.0.1", "203.0.113.5:port:9", "127.0.0.1"),
    ],
)
def test_the_client_address(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network(net) for net in proxies]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_no_usable_address_is_none():
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="")) is None


def test_the_proxies_are_read_from_the_environment():
    result = run_production(
        {
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "www.example.org",
            "TRUSTED_PROXY_ADDRESSES": "127.0.0.1/32, 10.0.0.0/24",
        }
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"TRUSTED_PROXY_COUNT": "1"}, "TRUSTED_PROXY_COUNT is no longer read"),
        ({"TRUSTED_PROXY_ADDRESSES": "10.0.0.0/33"}, "TRUSTED_PROXY_ADDRESSES"),
        ({"TRUSTED_PROXY_ADDRESSES": "nginx"}, "TRUSTED_PROXY_ADDRESSES"),
    ],
)
def test_settings_refuse_to_start_with_a_proxy_count_or_a_bad_network(environment, message):
    result = run_production(
        {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "www.example.org", **environment}
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_gunicorn_trusts_forwarded_headers_from_the_same_proxies(monkeypatch):
    conf = PROJECT_ROOT / "gunicorn.conf.py"
    monkeypatch.setenv("TRUSTED_PROXY_ADDRESSES", "127.0.0.1/32,10.0.0.0/24")
    assert runpy.run_path(str(conf))["forwarded_allow_ips"] == "127.0.0.1/32,10.0.0.0/24"

    monkeypatch.delenv("TRUSTED_PROXY_ADDRESSES")
    assert runpy.run_path(str(conf))["forwarded_allow_ips"] == ""  # reached directly


def test_gunicorn_takes_no_script_name_nor_path_from_a_proxy():
    """Found by a probe: gunicorn takes SCRIPT_NAME and PATH_INFO headers from trusted
    proxies by default (tests/accounts/test_two_factor.py has what one did)."""
    from gunicorn.config import Config

    config = Config()
    assert config.forwarder_headers == ["SCRIPT_NAME", "PATH_INFO"]  # gunicorn's default
    config.set(
        "forwarder_headers",
        runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))["forwarder_headers"],
    )
    assert config.forwarder_headers == []
