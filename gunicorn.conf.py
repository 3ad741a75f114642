"""gunicorn settings, each from the environment. Run: gunicorn portal.wsgi:application."""

import multiprocessing
import os


def whole_number(name, default, minimum=1):
    """An environment variable's whole number, at least `minimum`; otherwise gunicorn
    stops at once, saying which (0 workers started none and hung every request; a timeout
    of 0, gunicorn's "none", set the database's to 1 s)."""
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) < minimum:
        raise SystemExit(f"{name} must be a whole number of at least {minimum}, not {value!r}.")
    return int(value)


def switch(name, default):
    value = os.environ.get(name, "").strip().lower() or default
    if value not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
        raise SystemExit(f"{name} must be true or false, not {value!r}.")
    return value in {"1", "true", "yes", "on"}


bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = whole_number("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = whole_number("GUNICORN_THREADS", 1)
timeout = whole_number("GUNICORN_TIMEOUT", 30)
# A query in a worker gives up (a 503) a little before gunicorn would kill the worker:
# a query held by a lock (a migration's, say) no longer ends in a SIGKILL with nothing
# logged. Set here, before the settings are read, for the web workers alone: commands
# (migrate, update_index) keep no limit unless DATABASE_STATEMENT_TIMEOUT gives one.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", str(max(timeout - 5, 1)))
graceful_timeout = whole_number("GUNICORN_GRACEFUL_TIMEOUT", 30, minimum=0)
keepalive = whole_number("GUNICORN_KEEPALIVE", 5, minimum=0)
# Import the application once, in the master: workers are forked from it ready to serve,
# so a recycled worker costs a fork rather than half a second of imports, and the
# workers share the imported code's memory. (New code then needs a restart, not a HUP.)
preload_app = switch("GUNICORN_PRELOAD", "true")


def when_ready(server):
    """With the app preloaded, compile its templates before the workers fork (portal.warmup)."""
    if not server.cfg.preload_app:
        return
    try:
        from portal.warmup import warm_up
    except ImportError:
        return  # another application served with these settings (the benchmark's references)
    warm_up()


# Recycle workers now and then, at staggered moments, so that slow leaks cannot build up.
max_requests = whole_number("GUNICORN_MAX_REQUESTS", 20000, minimum=0)
max_requests_jitter = whole_number("GUNICORN_MAX_REQUESTS_JITTER", 2000, minimum=0)
# Logs to standard output and standard error, for the platform to collect.
# GUNICORN_ACCESS_LOG=off turns the access log off (a CDN's logs may be the record).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
if accesslog.lower() in {"", "off", "none"}:
    accesslog = None
errorlog = "-"
# Requests the app marks `X-Access-Log: off` (the report form) are left out of it.
logger_class = "portal.gunicorn_logging.Logger"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info").strip().lower() or "info"
if loglevel not in {"debug", "info", "warning", "error", "critical"}:
    raise SystemExit(
        f"GUNICORN_LOG_LEVEL must be debug, info, warning, error or critical, not {loglevel!r}."
    )
# X-Forwarded-Proto and the like are trusted only from the proxies the app trusts for
# the client's address (TRUSTED_PROXY_ADDRESSES, networks); none when it is reached
# directly.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXY_ADDRESSES", "")
# ... but not SCRIPT_NAME and PATH_INFO, which gunicorn takes from them by default: the
# site is served at the root, and a path that is not the one asked for has no business
# coming from a header (a proxy passing one on let /x/admin/ past the admin's checks).
forwarder_headers = ""
# No control socket: it is one fixed path per user, so a second server on the same
# machine (a benchmark's reference server, a test's second worker) would clash.
control_socket_disable = True
