"""nginx's configuration, rendered from deploy/nginx/portal.conf and what the app decides.

The template holds what is the same everywhere; `render()` fills in each name between at signs with
what differs per host (the app servers, the folders, the address it listens on) and
with what the app itself decides, read from its settings and its own answers: the
cookies that make a request private, the query parameters pages read (the cache key),
body size limits above the app's, and the headers its pages carry, which nginx repeats
on what it answers itself (the mirror, its status pages).

Why our own rendering: envsubst (what Debian's nginx image uses) would replace nginx's
own `$variables` too, and cannot ask the app for its headers.
"""

import getpass
import ipaddress
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from wagtail import hooks

from serving.shared import known_params

DEPLOY = Path(settings.BASE_DIR) / "deploy" / "nginx"
TEMPLATE = DEPLOY / "portal.conf"
REPORT_FORM = DEPLOY / "report-form.conf"
# The headers the app's pages, JSON and badge carry that nginx repeats on its own answers.
REPEATED_HEADERS = (
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "Permissions-Policy",
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
)
MIRROR_HEADER = "X-Served-From"
_PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
_NGINX_NAME = re.compile(r"^[A-Za-z0-9_]+$")
# A page address nginx can take inside quotes: slugs (letters of any script, digits, "-", "_").
_NGINX_PATH = re.compile(r"^/[\w/.-]*$")


@dataclass
class Host:
    """What differs from one machine to the next."""

    app_urls: list = field(default_factory=lambda: ["http://127.0.0.1:8000"])
    # nginx's listen values, comma-separated: "443 ssl,80" with TLS here (plain HTTP is
    # passed on as such, and the app sends it to HTTPS).
    listen: str = "80"
    tls_certificate: str = ""  # with "ssl" in listen: the certificate chain and its key
    tls_key: str = ""
    server_names: list = None  # None: ALLOWED_HOSTS
    # nginx creates the last folder only: /var/cache is there on every Debian.
    cache_dir: str = "/var/cache/nginx-portal"
    access_log: str = "/var/log/nginx/portal.access.log"
    # An expression: $scheme where TLS ends here; "https" behind a CDN that only speaks
    # HTTPS to its visitors and reaches nginx alone.
    forwarded_proto: str = "$scheme"
    real_ip_from: list = field(default_factory=list)  # the CDN's or load balancer's networks
    report_form_conf: str = str(REPORT_FORM)
    # Where the server answering while no app server can listens (nginx's own).
    unavailable_socket: str = "/run/nginx-portal-unavailable.sock"
    # Seconds nginx waits for the app's answer to a form or a search (the admin waits
    # 120): gunicorn's --timeout, after which it restarts the worker (30, its default).
    app_timeout: int = 30
    # Seconds a public page waits for the app before the mirror answers it (and the next
    # ones at once): pages take milliseconds, so one that has not come by then will not.
    page_timeout: int = 10
    # Where the report form's page logs what is critical, and nothing else (Debian's).
    error_log: str = "/var/log/nginx/error.log"


# Public pages (and search, and the mirror's copies) are compressed on their way out; the
# micro-cache keeps them as the app sent them. They carry no secret (no session, no CSRF
# token: they are the same for everyone), so compression cannot leak one (BREACH). The
# admin, the report form and documents are left as they are. text/html is always in.
PUBLIC_GZIP = """\
        gzip on;
        gzip_vary on;
        gzip_proxied any;
        gzip_types application/json application/atom+xml application/rss+xml
                   application/xml image/svg+xml text/plain text/xml;"""


def visit_address(listen):
    """Where a browser on this machine reaches nginx, from its first `listen` value
    ("127.0.0.1:8080"; "8080" or "*:8080", every address; "443 ssl")."""
    where, *flags = listen.split(",")[0].split()
    scheme = "https" if "ssl" in flags else "http"
    default = "443" if scheme == "https" else "80"
    host, colon, port = where.rpartition(":")
    if where.isdigit():
        host, port = "", where
    elif not colon or not port.isdigit():  # a name or an [IPv6] address alone
        host, port = where, default
    if host in ("", "*", "0.0.0.0", "[::]"):  # noqa: S104 (read, not bound to)
        host = "localhost"
    return f"{scheme}://{host}{'' if port == default else ':' + port}/"


def _megabytes_above(size):
    return f"{math.ceil(size / (1024 * 1024)) + 1}m"


def _quoted(value):
    if any(char in value for char in '"\\$\n\r'):
        raise ImproperlyConfigured(f"Cannot repeat this header value in nginx: {value!r}")
    return f'"{value}"'


def _answers(paths):
    """The app's own answers to `paths`, over HTTPS as in production."""
    client = Client(raise_request_exception=False)
    host = next((name for name in settings.ALLOWED_HOSTS if name and "*" not in name), "localhost")
    return [(path, client.get(path, secure=True, HTTP_HOST=host.lstrip("."))) for path in paths]


def header_variables(name):
    """nginx's variables for header `name`: the value served, and (where the report form's
    page differs) the value by address. Each name is 46 characters at most: with
    nginx's default variables_hash_bucket_size (64, which Debian's nginx.conf keeps), a
    47-character one fails `nginx -t` ("could not build variables_hash")."""
    name = name.lower().replace("-", "_")
    return f"$portal_mirror_{name}", f"$portal_uri_{name}"


def same_header(name, response, other):
    """Whether two answers send header `name` alike, as a browser reads it. django-csp
    writes a policy's directives in an order that changes from process to process (its
    directives pass through a set): the home page stored in Redis by one worker and the
    report page answered here differed in that alone, which added a map nginx could not
    load."""
    values = (response.get(name, ""), other.get(name, ""))
    if name == "Content-Security-Policy":
        values = tuple(sorted(part.strip() for part in value.split(";")) for value in values)
    return values[0] == values[1]


def header_maps():
    """(maps, add_header lines): each repeated header's value on the home page; where an
    address that is not a page differs (the threat level's JSON, badge and feeds, the
    news feeds), its own; and where the report form's page differs, the page's, on its addresses
    ($portal_report_page: the page and its post)."""
    others = [
        path
        for hook in ("serving_other_addresses", "serving_addresses_listing_pages")
        for fn in hooks.get_hooks(hook)
        for path in fn()
    ]
    answers = _answers(["/", *others])
    home = answers[0][1]
    if home.status_code != 200:
        raise ImproperlyConfigured(f"The home page answered {home.status_code}, not 200.")
    report = next(
        (page for _path, page in _answers(sorted(_report_page_paths())) if page.status_code == 200),
        home,
    )
    maps, lines = [], []
    for name in REPEATED_HEADERS:
        variable, by_uri = header_variables(name)
        if not same_header(name, report, home):
            maps.append(
                f"map $portal_report_page {variable} {{\n"
                f"    1 {_quoted(report.get(name, ''))};\n    default {by_uri};\n}}"
            )
        else:
            by_uri = variable
        entries = [f"    default {_quoted(home.get(name, ''))};"]
        for path, response in answers[1:]:
            if not same_header(name, response, home):
                entries.append(f"    {_quoted(path)} {_quoted(response.get(name, ''))};")
        maps.append("map $uri " + by_uri + " {\n" + "\n".join(entries) + "\n}")
        lines.append(f"        add_header {name} {variable} always;")
    lines += [
        '        add_header Cache-Control "no-cache" always;',
        f"        add_header {MIRROR_HEADER} mirror always;",
    ]
    return "\n".join(maps), "\n".join(lines)


def _server_line(url):
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ImproperlyConfigured(f"An app server's address is http://host:port, not {url!r}.")
    return f"    server {parts.hostname}:{parts.port or 80} max_fails=1 fail_timeout=5s;"


def _private_cookies():
    names = [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME]
    for name in names:
        if not _NGINX_NAME.match(name):
            raise ImproperlyConfigured(f"nginx cannot read a cookie named {name!r}.")
    return "".join(f"$cookie_{name}" for name in names)


def _page_query_params():
    """The query parameters pages read, as an nginx regex alternation."""
    names = sorted(known_params())
    for name in names:
        if not _NGINX_NAME.match(name):
            raise ImproperlyConfigured(f"nginx cannot match a query parameter named {name!r}.")
    return "|".join(names)


def _report_page_paths():
    """The addresses of the report form's live pages (one a Site), as nginx can name them."""
    from reports.models import ReportPage

    paths = {
        parts[2]
        for page in ReportPage.objects.live()
        if (parts := page.get_url_parts()) is not None
    }
    for path in paths:
        if not _NGINX_PATH.match(path):
            raise ImproperlyConfigured(f"nginx cannot name the report page's address {path!r}.")
    return paths


def _report_page_uris():
    """nginx map lines (of $request_uri) for the report form's page."""
    lines = []
    for path in sorted(_report_page_paths()):
        # As the client asked for it (an error page or the mirror answers from another
        # $uri): percent-encoded, with or without its last slash, any query.
        asked = quote(path.rstrip("/")).replace(".", "[.]")  # its only regex character
        lines.append(f'    "~^{asked}/?(\\?.*)?$" 1;')
    return "\n".join(lines)


# The report form's page, apart from other pages (portal.conf says why).
REPORT_PAGE_LOCATION = """\
    location = {path} {{
        access_log off;
        error_log {error_log} crit;
        if ($request_method !~ ^(GET|HEAD)$) {{
            add_header Allow "GET, HEAD" always;
            return 405;
        }}
        proxy_read_timeout {page_timeout}s;
        proxy_intercept_errors on;
        error_page 502 503 504 = @mirror;
        proxy_pass http://portal_pages;
    }}"""


def _report_page_locations(host):
    """An exact location for each report page's address, with and without its last slash
    (the app adds it: a redirect)."""
    return "\n".join(
        REPORT_PAGE_LOCATION.format(
            path=asked, error_log=host.error_log, page_timeout=int(host.page_timeout)
        )
        for path in sorted(_report_page_paths())
        for asked in (path, path.rstrip("/"))
    )


# What nginx reads each of the host's values as, checked before it is written: a value
# that nginx would read otherwise (a space or a ";" ends it) is refused here, naming it,
# rather than by `nginx -t` on the server, or not at all.
_SERVER_NAME = re.compile(r"^[A-Za-z0-9*._-]+$")
_FORWARDED_PROTO = re.compile(r"^(https?|\$[a-z_]+)$")
_LISTEN = re.compile(r"^[\w.:*\[\] =-]+$")
_ONE_WORD = re.compile(r"^[^\s;{}\"'#$\\]+$")


def _checked(value, pattern, what):
    if not pattern.match(value):
        raise ImproperlyConfigured(f"nginx would misread {what} {value!r}.")
    return value


def _network(value):
    """set_real_ip_from's value: an address or network, or unix:."""
    if value != "unix:":
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(f"Not an address or network: {value!r}.") from None
    return value


def _checked_host(host):
    paths = ["cache_dir", "access_log", "error_log", "unavailable_socket"]
    for what in paths + [name for name in ("tls_certificate", "tls_key") if getattr(host, name)]:
        _checked(getattr(host, what), _ONE_WORD, f"the {what.replace('_', ' ')}")
    _checked(host.forwarded_proto, _FORWARDED_PROTO, "the forwarded scheme")
    for value in filter(None, map(str.strip, host.listen.split(","))):
        _checked(value, _LISTEN, "the listen value")
    for network in host.real_ip_from:
        _network(network)


def values(host):
    _checked_host(host)
    server_names = host.server_names
    if server_names is None:
        server_names = [
            name for name in settings.ALLOWED_HOSTS if name != "*" and not name.startswith("[")
        ]
    for name in server_names:
        _checked(name, _SERVER_NAME, "the server name")
    maps, mirror_headers = header_maps()
    real_ip = ""
    if host.real_ip_from:
        real_ip = "".join(f"    set_real_ip_from {network};\n" for network in host.real_ip_from)
        real_ip += "    real_ip_header X-Forwarded-For;\n    real_ip_recursive on;\n"
    listens = [value.strip() for value in host.listen.split(",") if value.strip()]
    tls = ""
    if any(" ssl" in value for value in listens):
        if not (host.tls_certificate and host.tls_key):
            raise ImproperlyConfigured("Listening with ssl needs a certificate and its key.")
        tls = (
            f"    ssl_certificate {host.tls_certificate};\n"
            f"    ssl_certificate_key {host.tls_key};\n"
            "    ssl_protocols TLSv1.2 TLSv1.3;\n"
            "    ssl_session_cache shared:portal_tls:10m;\n"
            "    ssl_session_timeout 1d;"
        )
    return {
        "APP_SERVERS": "\n".join(_server_line(url) for url in host.app_urls),
        "LISTEN": "\n".join(f"    listen {value};" for value in listens),
        "LISTEN_DEFAULT": "\n".join(f"    listen {value} default_server;" for value in listens),
        "TLS": tls,
        "SERVER_NAMES": " ".join(server_names) or "_",
        "CACHE_DIR": host.cache_dir,
        "PAGE_CACHE": "portal_pages"
        if settings.SERVING_PAGE_CACHE_SECONDS > 0 and settings.SERVING_EDGE_CACHE_SECONDS > 0
        else "off",
        "ACCESS_LOG": host.access_log,
        "FORWARDED_PROTO": host.forwarded_proto,
        "REAL_IP": real_ip,
        "STATIC_ROOT": str(settings.STATIC_ROOT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "MIRROR_ROOT": str(settings.MIRROR_ROOT),
        "PRIVATE_COOKIES": _private_cookies(),
        "CACHE_KEY_ARGS": "&".join(f"{name}=$arg_{name}" for name in sorted(known_params())),
        "PAGE_QUERY_PARAMS": _page_query_params(),
        "PUBLIC_BODY_MAX": _megabytes_above(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
        "ADMIN_BODY_MAX": _megabytes_above(
            max(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)
        ),
        "REPORT_FORM_CONF": host.report_form_conf,
        "REPORT_PAGE_URIS": _report_page_uris(),
        "REPORT_PAGE_LOCATIONS": _report_page_locations(host),
        "PUBLIC_GZIP": PUBLIC_GZIP,
        "MIRROR_HEADER_MAPS": maps,
        "MIRROR_HEADERS": mirror_headers,
        "UNAVAILABLE_SOCKET": host.unavailable_socket,
        "APP_TIMEOUT": str(int(host.app_timeout)),
        "PAGE_TIMEOUT": str(int(host.page_timeout)),
    }


def render(host):
    """deploy/nginx/portal.conf with this host's values."""
    if not settings.MIRROR_ROOT:
        raise ImproperlyConfigured("Set MIRROR_ROOT: the folder the mirror is kept in.")
    if min(host.app_timeout, host.page_timeout) < 1:
        raise ImproperlyConfigured("The app and page timeouts are seconds, 1 or more.")
    filled = values(host)
    text = TEMPLATE.read_text()
    missing = set(_PLACEHOLDER.findall(text)) - set(filled)
    if missing:
        raise ImproperlyConfigured(f"No value for {', '.join(sorted(missing))}.")
    return _PLACEHOLDER.sub(lambda match: filled[match.group(1)], text)


STANDALONE = """# nginx on its own, for one machine (make edge, tests/edge): everything in {folder}.
{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log notice;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    # As in Debian's own nginx.conf: portal.conf must keep the admin and the report form
    # uncompressed whatever the http block says.
    gzip on;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/portal.conf;
}}
"""


def _remove_a_socket_left_behind(folder):
    """The backup server's socket file, left by an nginx killed outright (SIGKILL: the OOM
    killer, a crash), stops the next from starting ("Address already in use"): removed
    while no nginx of this folder runs. Production's is removed by systemd before nginx
    starts (docs/deploy.md). Found by an operator's probe."""
    socket_file = folder / "unavailable.sock"
    try:
        os.kill(int((folder / "nginx.pid").read_text()), 0)
    except (OSError, ValueError):  # no pid file, no such process
        socket_file.unlink(missing_ok=True)


def write_standalone(folder, host):
    """Write nginx.conf, portal.conf and the report form's part into `folder` (logs and
    the micro-cache there too), for `nginx -p folder -c folder/nginx.conf`."""
    folder = Path(folder)
    host.cache_dir = str(folder / "cache")
    host.access_log = str(folder / "access.log")
    host.unavailable_socket = str(folder / "unavailable.sock")
    host.error_log = str(folder / "error.log")
    _remove_a_socket_left_behind(folder)
    # The report form logs nothing but critical errors, to the host's error log: here.
    report_form = folder / "report-form.conf"
    report_form.write_text(
        REPORT_FORM.read_text().replace("/var/log/nginx/error.log", str(folder / "error.log"))
    )
    host.report_form_conf = str(report_form)
    (folder / "portal.conf").write_text(render(host))
    # As root (a container, CI), nginx's workers run as the user named here, who must
    # read the folders it serves: the same user. Otherwise nginx runs as whoever starts it.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(STANDALONE.format(folder=folder, user=user))
    return folder / "nginx.conf"
