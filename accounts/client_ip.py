"""The client's address, read correctly behind the proxies we control.

Each trusted proxy appends the address it received the request from to
X-Forwarded-For, so with N of them the client is the Nth entry from the right;
anything further left was written by the client and is not trusted.
"""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip_address(request):
    """Used by django-axes (AXES_CLIENT_IP_CALLABLE) and the security log."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [
            entry.strip()
            for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if entry.strip()
        ]
        if len(forwarded) >= proxies and _valid(forwarded[-proxies]):
            return forwarded[-proxies]
    return remote if _valid(remote) else None
