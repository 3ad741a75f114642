"""The client's address: the one function the lockout, rate limits, the quiz and the
security log use.

The connection's address, unless it is one of the proxies we run
(`TRUSTED_PROXY_ADDRESSES`, networks); then `X-Forwarded-For` is walked from the right,
past every address of ours, and the first other one is the client. Each proxy appends
the address it was reached from, so what a client writes into the header itself lies
further left and is never reached. Reached directly (no proxy of ours in front), the
header is ignored whatever it says. An entry may carry the client's port, as some load
balancers write it.
"""

import ipaddress

from django.conf import settings


def _address(text):
    """An address, also as some load balancers write it with the client's port
    ("192.0.2.7:51234", "[2001:db8::7]:51234"), or None."""
    text = (text or "").strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return address.ipv4_mapped or address if address.version == 6 else address


def _ours(address):
    return any(address in network for network in settings.TRUSTED_PROXY_NETWORKS)


def client_address(request):
    """The client's address as text, or None when the connection has no usable one.
    (django-axes counts `counted_address`.)"""
    nearest = _address(request.META.get("REMOTE_ADDR"))
    if nearest is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for entry in reversed(forwarded):
        if not _ours(nearest):
            break
        address = _address(entry)
        if address is None:
            break  # not written by a proxy of ours: the hop that sent it is the client
        nearest = address
    return str(nearest)


def counted_address(request):
    """The client's address as sign-in tries are counted (django-axes): an IPv4 address,
    or the first address of its IPv6 /64, which one household or server is given whole
    (counted one by one, a /64 had as many tries as it has addresses; core.ratelimit
    counts the same way)."""
    address = client_address(request)
    parsed = _address(address)
    if parsed is not None and parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return address
