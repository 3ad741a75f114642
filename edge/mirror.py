"""The mirror: every public page on disk, which nginx answers from when the app cannot
(deploy/nginx/portal.conf: the app unreachable, or answering 502, 503 or 504).

What MIRROR_ROOT holds (written here only, each file atomically: written, then renamed):

- `pages/<path>index.html` for the page at `<path>/`; `pages/<path>` for the other
  addresses (the feeds, the sitemap, the threat level's JSON and badge);
- `pages/<path>index.unavailable` where a page must not be copied (`no-store` or
  `private`: the report form), so that nginx answers "unavailable" there, not 404;
- `fragments/threat-level-bar.html`: the threat level bar, and `fragments/copy-notice.html`
  the note under it that the page is a copy. Copied pages take them through nginx's SSI,
  so a change of level rewrites one small file instead of every page (nginx's own pages
  take the bar alone);
- `status/`: nginx's own pages (404, 429, 503 and "unavailable");
- `built`: when the last whole build ended (none yet: the worker and `make edge` build
  it first); `next-change`: the next moment content changes by itself, as last read.

How it stays current:

- When a change every page shows commits (the threat level, the site settings), the
  request that made it withholds the level first (`withheld`: nginx answers every copy
  "unavailable" while it exists), then writes the bar and the addresses that change
  with it (the `serving_other_addresses` hooks: the threat level's JSON, badge and
  feeds) at once, and asks for everything to be copied again.
- Any change asks for the addresses it affects (`serving.affected_urls`) to be copied
  again (`MirrorChange` rows); the worker (`manage.py mirror_worker`) applies them every
  MIRROR_INTERVAL_SECONDS: the addresses named first, then, if asked, everything, by
  the sitemap, most recently changed first, after deleting the pages it no longer
  lists. A long build stops every BREAK_EVERY_SECONDS for addresses named meanwhile.
- Content that changes by itself, with nothing committed (a role closing, an article
  dated ahead: `serving.next_content_change()`), is copied again whole by the worker's
  first pass after its moment, even one the worker was stopped through.

Pages are rendered through the whole app (middleware included, as a visitor would get
them) with Django's test client, as an anonymous visitor over HTTPS on the default Site
(one Site: the mirror holds no host name). Why our own code: wagtail-bakery (whose last
release, 0.8, supports Django up to 4.1) bakes a whole site through views of its own;
the mirror needs single addresses copied as changes commit, the bar cut out as a
fragment, and the app's middleware (security headers, the generation) on every page.
"""

import logging
import os
import re
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Site

import serving

from .models import MirrorChange

logger = logging.getLogger(__name__)

BAR_START = b"<!--mirror:threat-level-bar-->"
BAR_END = b"<!--/mirror:threat-level-bar-->"
BAR_FRAGMENT = "fragments/threat-level-bar.html"
# nginx's SSI, on for copied pages only: the bar as it is now.
BAR_INCLUDE = b'<!--# include virtual="/_mirror/' + BAR_FRAGMENT.encode() + b'" -->'
# Under the bar of copied pages alone (not nginx's own pages, some of which it answers
# while the app is up: too many requests): the note that the page is a copy.
NOTICE_FRAGMENT = "fragments/copy-notice.html"
NOTICE_INCLUDE = b'<!--# include virtual="/_mirror/' + NOTICE_FRAGMENT.encode() + b'" -->'
_BAR = re.compile(re.escape(BAR_START) + b".*?" + re.escape(BAR_END), re.DOTALL)
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>(?:\s*<lastmod>\s*([^<\s]+)\s*</lastmod>)?")
UNAVAILABLE = "index.unavailable"
# Addresses that are neither pages nor named by a hook; the one folder starting with a
# dot that the mirror writes (RFC 8615's, for security.txt).
FILES = ("/robots.txt", "/.well-known/security.txt")
WELL_KNOWN = ".well-known"
BUILT = "built"
# While it exists, nginx answers every copy "unavailable" (withhold_threat_level).
WITHHELD = "withheld"
NEXT_CHANGE = "next-change"
# A long build stops this often to copy the addresses changes named meanwhile.
BREAK_EVERY_SECONDS = 10

STATUS_PAGES = {
    "429.html": (
        _("Too many requests"),
        _("More requests came from your connection than we can answer for now."),
        _("Please wait a minute, then try again."),
    ),
    "503.html": (
        _("This service is unavailable"),
        _("Search and forms cannot be used for a moment while we fix a fault."),
        _("Please try again shortly. The rest of the site can still be read."),
    ),
    # A report's post the app took too long to answer (nginx's 504): it may yet arrive.
    # The browser posts the same form again on a reload, which the app stores once.
    "report-unconfirmed.html": (
        _("Your report may not have reached us"),
        _("The service took too long to answer, so we cannot tell whether your report arrived."),
        _(
            "Reload this page in a few minutes to send it again: if it had arrived, it is "
            "not stored twice, and you will see its reference."
        ),
    ),
    "unavailable.html": (
        _("This page is unavailable"),
        _("This page cannot be shown for a moment while we fix a fault."),
        _("Please try again shortly."),
    ),
}


def enabled():
    return bool(settings.MIRROR_ROOT)


# Wagtail hook: functions returning the paths of pages whose own content shows the threat
# level (the home page's card, the threat pages), beyond the bar every page takes through
# SSI: copied with the bar as soon as the level changes, not at the worker's next pass.
LEVEL_PAGES_HOOK = "mirror_pages_showing_threat_level"


def _fixed_addresses(hook_name):
    return [path for fn in hooks.get_hooks(hook_name) for path in fn()]


class Mirror:
    def __init__(self, root=None):
        self.root = Path(root or settings.MIRROR_ROOT)

    @cached_property
    def host(self):
        """The default Site's host (read when first rendering: withholding reads nothing)."""
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        return site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"

    @cached_property
    def client(self):
        return Client(HTTP_HOST=self.host, raise_request_exception=False)

    # Rendering

    def get(self, path):
        self.client.cookies.clear()  # as a new visitor: nothing a page set before
        return self.client.get(path, secure=True)

    def public_paths(self):
        """Every address to copy, most recently changed first: the pages in the sitemap,
        then the feeds, the sitemap itself and the other fixed addresses."""
        found = {}
        pending, seen = ["/sitemap.xml"], set()
        while pending:
            sitemap = pending.pop()
            seen.add(sitemap)
            response = self.get(sitemap)
            if response.status_code == 400:
                raise RuntimeError(
                    f"{sitemap} answered 400: is the default Site's host name ({self.host}) "
                    "in ALLOWED_HOSTS? Set it in Settings → Sites."
                )
            if response.status_code != 200:
                raise RuntimeError(f"{sitemap} answered {response.status_code}")
            text = response.content.decode()
            for url, lastmod in _LOC.findall(text):
                path = urlsplit(url).path
                if "<sitemapindex" in text:
                    if path not in seen:
                        pending.append(f"{path}?{urlsplit(url).query}".rstrip("?"))
                else:
                    found[path] = lastmod
        pages = sorted(found, key=lambda path: found[path], reverse=True)
        fixed = [
            *_fixed_addresses("serving_addresses_listing_pages"),
            *_fixed_addresses("serving_other_addresses"),
        ]
        return list(dict.fromkeys([*pages, *fixed, *FILES]))

    # Files

    def target(self, path):
        """The file of the address `path` (ValueError for one that is not a plain path)."""
        parts = unquote(path).split("/")
        if not path.startswith("/") or any(
            part in (".", "..") or (part.startswith(".") and part != WELL_KNOWN) or "\x00" in part
            for part in parts
        ):
            raise ValueError(f"Not an address the mirror keeps: {path!r}")
        base = self.root.joinpath("pages", *[part for part in parts if part])
        return base / "index.html" if path.endswith("/") else base

    def write(self, file, content):
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".writing-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.chmod(temporary, 0o644)  # nginx's workers read it
            os.replace(temporary, file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def copy(self, path):
        """Copy the address `path` as the app answers it now. An answer that is neither a
        page nor "gone" (an error of the app's) leaves the copy there is."""
        file = self.target(path)
        marker = file.with_name(UNAVAILABLE) if path.endswith("/") else None
        response = self.get(path)
        status = response.status_code
        if status == 200 and not response.streaming:
            cache_control = response.get("Cache-Control", "")
            if "no-store" in cache_control or "private" in cache_control:
                file.unlink(missing_ok=True)
                if marker is not None:
                    self.write(marker, b"")
                return "unavailable"
            self.write(file, self.cut_bar(response))
            if marker is not None:
                marker.unlink(missing_ok=True)
            return "copied"
        if status in (301, 302, 404, 410):
            file.unlink(missing_ok=True)
            if marker is not None:
                marker.unlink(missing_ok=True)
            return "gone"
        logger.warning("Mirror: %s answered %s; its copy is kept as it was", path, status)
        return "kept"

    def cut_bar(self, response, keep=False):
        """The page with its threat level bar replaced by the SSI include."""
        content = response.content
        if not response.get("Content-Type", "").startswith("text/html"):
            return content
        if keep and (found := _BAR.search(content)):
            self.write(self.root / BAR_FRAGMENT, found.group(0))
            notice = render_to_string("edge/copy_notice.html").strip().encode()
            self.write(self.root / NOTICE_FRAGMENT, notice)
        return _BAR.sub(BAR_INCLUDE + b"\n" + NOTICE_INCLUDE, content)

    # What to copy

    def withhold_threat_level(self):
        """As a change every page shows commits, before anything that needs the database:
        a bar naming no level, and every copy "unavailable" (WITHHELD, which nginx reads)
        until update_threat_level() has copied the level again. A database gone just after
        the commit would otherwise leave the mirror, what nginx answers from while the app
        cannot, showing the level the change replaced."""
        withheld = render_to_string("edge/threat_level_withheld.html").strip().encode()
        self.write(self.root / BAR_FRAGMENT, withheld)
        self.write(self.root / WITHHELD, b"")

    def update_threat_level(self):
        """The bar and the addresses that change with what every page shows (returned);
        copies no longer withheld once every one of them is the app's answer now."""
        home = self.get("/")
        self.cut_bar(home, keep=home.status_code == 200)
        copied = list(
            dict.fromkeys(
                [*_fixed_addresses("serving_other_addresses"), *_fixed_addresses(LEVEL_PAGES_HOOK)]
            )
        )
        outcomes = [self.copy(path) for path in copied]
        if home.status_code == 200 and "kept" not in outcomes:
            (self.root / WITHHELD).unlink(missing_ok=True)
        return copied

    def follow_threat_level(self):
        """Copy the threat level again if the copies of its addresses (its API and feeds,
        changed by whatever changes it) differ from what the app answers now. The hook
        copies it as each change commits; this is the worker's net under it, for a change
        whose process failed or died between its commit and the hook (or withheld the
        level and could not copy it). Whether it copied."""
        if (self.root / WITHHELD).exists():
            self.update_threat_level()
            return True
        for path in _fixed_addresses("serving_other_addresses"):
            response = self.get(path)
            file = self.target(path)
            if response.status_code == 200 and (
                not file.exists() or file.read_bytes() != self.cut_bar(response)
            ):
                logger.warning("Mirror: %s had changed unannounced; copying the level again", path)
                self.update_threat_level()
                return True
        return False

    def write_status_pages(self):
        from reports.views import too_large_text

        missing = self.get("/.mirror-page-not-found/")  # the app's own 404 page
        self.write(self.root / "status/404.html", self.cut_bar(missing))
        request = missing.wsgi_request
        # A report larger than nginx takes (report-form.conf): what the app would say.
        pages = {**STATUS_PAGES, "413.html": too_large_text()}
        for name, (title, lead, advice) in pages.items():
            html = render_to_string(
                "edge/status_page.html",
                {"title": title, "lead": lead, "advice": advice, "urgent": name != "429.html"},
                request=request,
            )
            self.write(self.root / "status" / name, _BAR.sub(BAR_INCLUDE, html.encode()))

    def build(self, *, between=None):
        """Copy everything, and delete the copies of addresses no longer public.
        `between()`, if given, is called now and then (the worker applies the changes
        that came meanwhile, so that a long build holds none of them up)."""
        started = last_break = time.monotonic()
        paths = self.public_paths()
        removed = self.remove_all_but(paths)
        copied = set(self.update_threat_level())
        self.write_status_pages()
        counts = {}
        for path in (path for path in paths if path not in copied):
            outcome = self.copy(path)
            counts[outcome] = counts.get(outcome, 0) + 1
            if between is not None and time.monotonic() - last_break >= BREAK_EVERY_SECONDS:
                between()
                last_break = time.monotonic()
        seconds = time.monotonic() - started
        self.write(self.root / BUILT, f"{timezone.now().isoformat()}\n".encode())
        logger.info(
            "Mirror built in %.1f s: %s; %s stale copies removed",
            seconds,
            counts or "nothing",
            removed,
        )
        # Each address's outcome (copied, gone, unavailable, kept), and the files of
        # addresses no longer listed.
        return {"seconds": seconds, "stale copies removed": removed, **counts}

    def remove_pages_under(self, path):
        """Delete the copies of the page at `path` and of every page under it, at once (a
        view restriction added: the worker's next pass would take its interval, or a whole
        rebuild). Addresses that are not pages (feeds, the API) stay. How many."""
        folder = self.target(path).parent
        files = [
            file
            for file in (folder.rglob("index.*") if folder.is_dir() else [])
            if file.name in ("index.html", UNAVAILABLE)
        ]
        for file in files:
            file.unlink(missing_ok=True)
        return len(files)

    def is_built(self):
        """Whether a whole build ever ended here (a few pages copied as changes committed,
        before any build, are not a mirror)."""
        return (self.root / BUILT).exists()

    def follow_schedule(self):
        """Ask for everything to be copied again once a moment at which content changes by
        itself has passed (nothing commits then), and note the next. Whether it asked."""
        file = self.root / NEXT_CHANGE
        noted = parse_datetime(file.read_text().strip()) if file.exists() else None
        due = noted is not None and noted <= timezone.now()
        if due:
            MirrorChange.objects.create(everything=True)
        moment = serving.next_content_change()
        self.write(file, (moment.isoformat() if moment else "").encode())
        return due

    def remove_all_but(self, paths):
        keep = {self.target(path) for path in paths}
        keep |= {file.with_name(UNAVAILABLE) for file in keep if file.name == "index.html"}
        removed = 0
        for file in (self.root / "pages").rglob("*"):
            if file.is_file() and file not in keep and not file.name.startswith(".writing-"):
                file.unlink()
                removed += 1
        return removed

    def copy_all(self, paths):
        for path in sorted(paths):
            try:
                self.copy(path)
            except ValueError:
                logger.warning("Mirror: %r is not an address it keeps", path)

    def apply_changes(self):
        """Apply the changes asked for since the last time: the addresses named first (a
        page published or unpublished), then everything if asked. How many there were."""
        rows = list(
            MirrorChange.objects.order_by("pk").values_list("pk", "path", "everything")[:5000]
        )
        if not rows:
            return 0
        last = rows[-1][0]
        self.copy_all({path for _pk, path, _everything in rows if path})
        if any(everything for _pk, _path, everything in rows):

            def between():
                # Addresses named since this pass began; "everything" waits for the next.
                named = MirrorChange.objects.filter(pk__gt=last, everything=False)
                found = list(named.values_list("pk", "path"))
                self.copy_all({path for _pk, path in found})
                MirrorChange.objects.filter(pk__in=[pk for pk, _path in found]).delete()

            self.build(between=between)
        MirrorChange.objects.filter(pk__lte=last).delete()
        return len(rows)
