"""The mirror nginx answers from when the app is down: what it holds, and how it follows
changes (edge.mirror). nginx itself reading it: tests/edge/test_nginx.py."""

import io
import shutil
import time
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from careers.models import RoleProfilePage
from core.models import SiteSettings
from edge import mirror as mirror_module
from edge.mirror import BAR_FRAGMENT, BAR_INCLUDE, NOTICE_FRAGMENT, NOTICE_INCLUDE, Mirror
from edge.models import MirrorChange
from news.models import NewsArticlePage
from serving import changes as serving_changes
from threats.levels import ThreatLevel
from threats.models import ThreatLevelSettings

pytestmark = pytest.mark.usefixtures("demo_for_the_module")


@pytest.fixture
def mirror_root(settings, tmp_path, commits_at_once, db):
    settings.MIRROR_ROOT = str(tmp_path / "mirror")
    return tmp_path / "mirror"


@pytest.fixture(scope="module")
def mirror_built_once(tmp_path_factory, demo_for_the_module, django_db_blocker):
    """A whole build of the demo, made once for the module (seconds: every page rendered):
    the tests change what they copy, not what the build wrote."""
    root = tmp_path_factory.mktemp("mirror-built-once") / "mirror"
    with django_db_blocker.unblock():
        Mirror(root).build()
    return root


@pytest.fixture
def built(mirror_root, mirror_built_once):
    """A mirror as a whole build leaves it (a copy of the module's build)."""
    shutil.copytree(mirror_built_once, mirror_root)
    return mirror_root


def page_file(root, path):
    return (
        root / "pages" / path.strip("/") / "index.html"
        if path != "/"
        else root / "pages/index.html"
    )


def set_level(level):
    threat_settings = ThreatLevelSettings.load()
    threat_settings.national_level = level
    threat_settings.save()


def test_every_public_address_is_copied_the_bar_through_ssi_the_report_form_not(client, built):
    mirror = Mirror()
    paths = mirror.public_paths()
    pages = [path for path in paths if path.endswith("/")]
    assert "/" in pages and "/news/" in pages and "/careers/" in pages
    for path in pages:
        if path == "/report-information/":
            continue
        html = page_file(built, path).read_bytes()
        assert BAR_INCLUDE + b"\n" + NOTICE_INCLUDE in html, path
        assert b"threat-level-bar__meaning" not in html, path
    bar = (built / BAR_FRAGMENT).read_text()
    assert ">SUBSTANTIAL</strong>" in bar
    # The copies say they are one (the app's pages do not: the note is a fragment).
    assert "This is a copy of the site" in (built / NOTICE_FRAGMENT).read_text()
    assert "This is a copy of the site" not in client.get("/", secure=True).content.decode()
    # What a visitor of the app gets, but for the bar (and the note under it).
    live = client.get("/news/", secure=True).content.decode()
    copied = page_file(built, "/news/").read_text()
    included = (BAR_INCLUDE + b"\n" + NOTICE_INCLUDE).decode()
    assert copied.replace(included, bar) == live

    # The other addresses (one build for the three checks: it takes a while).
    for path in (
        "/feeds/news.atom",
        "/feeds/news/blog.rss",
        "/feeds/threat-level.atom",
        "/api/threat-level.json",
        "/embed/threat-level.svg",
        "/sitemap.xml",
        "/robots.txt",
        "/.well-known/security.txt",
    ):
        assert (built / "pages" / path.lstrip("/")).stat().st_size > 0, path
    assert '"level": "SUBSTANTIAL"' in (built / "pages/api/threat-level.json").read_text()

    # A page that must not be copied is marked unavailable.
    assert client.get("/report-information/", secure=True)["Cache-Control"] == "no-store"
    assert (built / "pages/report-information/index.unavailable").exists()
    assert not page_file(built, "/report-information/").exists()


def test_nginx_s_own_pages_carry_the_editable_numbers(mirror_root):
    built = mirror_root
    site_settings = SiteSettings.objects.get()
    site_settings.hotline_number = "0800 000 111"
    site_settings.save()
    Mirror().write_status_pages()

    unavailable = (built / "status/unavailable.html").read_text()
    assert "0800 000 111" in unavailable
    assert "This page is unavailable" in unavailable
    assert "do not use this form" not in unavailable  # it has no form
    assert BAR_INCLUDE.decode() in unavailable
    # nginx answers some of its own pages while the app is up (too many requests): they
    # are no copy, and do not say they are one.
    assert NOTICE_INCLUDE.decode() not in unavailable
    assert NOTICE_INCLUDE.decode() not in (built / "status/429.html").read_text()
    assert "Too many requests" in (built / "status/429.html").read_text()
    assert "Search and forms" in (built / "status/503.html").read_text()
    assert "Page not found" in (built / "status/404.html").read_text()


def test_a_change_of_threat_level_rewrites_the_bar_and_its_files_at_once(mirror_root):
    built = mirror_root
    Mirror().update_threat_level()
    assert ">SUBSTANTIAL</strong>" in (built / BAR_FRAGMENT).read_text()

    set_level(ThreatLevel.SEVERE)  # commits at once (commits_at_once)

    assert ">SEVERE</strong>" in (built / BAR_FRAGMENT).read_text()
    assert '"level": "SEVERE"' in (built / "pages/api/threat-level.json").read_text()
    assert "SEVERE" in (built / "pages/embed/threat-level.svg").read_text()
    assert "SEVERE" in (built / "pages/feeds/threat-level.atom").read_text()
    # Pages whose own content shows the level: the home page's card, the threat pages.
    home = page_file(built, "/").read_text()
    assert 'class="level-card level-card--severe"' in home
    assert ">SEVERE</strong>" in page_file(built, "/threat-levels/").read_text()
    category = page_file(built, "/what-we-do/cyber/").read_text()
    assert ">SEVERE</strong>" in category.split("</article>")[1]
    # The rest (a news article's page, say) goes to the worker.
    assert MirrorChange.objects.filter(everything=True).exists()


def test_a_level_change_the_hook_missed_is_copied_at_the_worker_s_next_pass(built, settings):
    # The hook does nothing, as when its process dies between the commit and the hook.
    settings.MIRROR_ROOT = ""
    set_level(ThreatLevel.SEVERE)
    settings.MIRROR_ROOT = str(built)
    assert ">SUBSTANTIAL</strong>" in (built / BAR_FRAGMENT).read_text()
    assert not MirrorChange.objects.exists()

    call_command("mirror_worker", "--once")

    assert ">SEVERE</strong>" in (built / BAR_FRAGMENT).read_text()
    assert '"level": "SEVERE"' in (built / "pages/api/threat-level.json").read_text()
    assert 'class="level-card level-card--severe"' in page_file(built, "/").read_text()
    # Copied as they stand, they are not copied again at the next pass.
    assert not Mirror().follow_threat_level()


def test_the_mirror_has_the_change_before_the_cdn_is_told(mirror_root, settings, monkeypatch):
    # A CDN slow to answer (or hung until the worker is killed) must not hold it up.
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9/",
        }
    }
    bar_when_told = []
    monkeypatch.setattr(
        serving_changes,
        "purge_cdn",
        lambda changes: bar_when_told.append((mirror_root / BAR_FRAGMENT).read_text()),
    )

    set_level(ThreatLevel.SEVERE)

    assert bar_when_told
    assert all(">SEVERE</strong>" in bar for bar in bar_when_told)


def test_a_page_unpublished_leaves_the_mirror_at_the_worker_s_next_pass(built):
    article = NewsArticlePage.objects.live().order_by("pk").first()
    path = article.url
    assert page_file(built, path).exists()

    article.unpublish()
    assert MirrorChange.objects.exists()
    call_command("mirror_worker", "--once")

    assert not page_file(built, path).exists()
    assert not MirrorChange.objects.exists()


def test_a_page_published_is_copied_with_the_pages_that_list_it(mirror_root):
    built = mirror_root
    page = Page.objects.get(url_path__endswith="/careers/alex-business-enabler/").specific
    page.title = "Alex, who keeps the business running"
    page.save_revision().publish()

    queued = set(MirrorChange.objects.values_list("path", flat=True))
    assert queued >= {"/careers/alex-business-enabler/", "/careers/", "/sitemap.xml"}
    assert not MirrorChange.objects.filter(everything=True).exists()
    Mirror().apply_changes()
    for path in ("/careers/alex-business-enabler/", "/careers/"):
        assert "Alex, who keeps the business running" in page_file(built, path).read_text()


def test_a_role_that_closes_by_itself_is_copied_closed_at_the_next_pass_after_it(
    built, mirror_root
):
    """Nothing commits when a role closes: the mirror listed it as open until some other
    change, even with the worker running."""
    role = RoleProfilePage.objects.live().order_by("pk").first()
    # Room for the publish and a whole pass before it closes on a loaded machine (two
    # seconds were not, with two suites beside this one).
    role.closes_at = timezone.now() + timedelta(seconds=10)
    role.save_revision().publish()
    call_command("mirror_worker", "--once")
    assert role.title in page_file(built, "/careers/").read_text()
    assert not Mirror().follow_schedule()  # not yet: nothing asked

    time.sleep(max(0.0, (role.closes_at - timezone.now()).total_seconds()) + 0.1)
    # The worker may have been stopped through the moment: a new one still sees it.
    call_command("mirror_worker", "--once")

    assert role.title not in page_file(built, "/careers/").read_text()
    assert "This vacancy is now closed" in page_file(built, role.url).read_text()
    assert not Mirror().follow_schedule()  # once: the moment is past


def test_pages_copied_before_any_build_are_not_a_mirror(mirror_root):
    """A threat level change (or loading the demo content) copies the home and threat
    pages at once; the worker and `make edge` took that for a mirror and built none."""
    set_level(ThreatLevel.SEVERE)
    assert page_file(mirror_root, "/").exists()
    assert not Mirror().is_built()

    call_command("mirror_worker", "--once")

    assert Mirror().is_built()
    assert page_file(mirror_root, "/news/").exists()
    assert (mirror_root / "status/404.html").exists()


def test_a_page_made_private_leaves_the_mirror_with_its_children_at_once(
    built, django_capture_on_commit_callbacks
):
    """They stayed until the worker's next pass: up to its interval, or a whole rebuild."""
    careers = Page.objects.get(url_path__endswith="/careers/")
    children = [page.url for page in careers.get_children().live()]
    assert children and all(page_file(built, path).exists() for path in children)

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=careers, restriction_type="password", password="x")

    assert not page_file(built, "/careers/").exists()
    assert not any(page_file(built, path).exists() for path in children)
    assert page_file(built, "/news/").exists()  # the rest stays
    call_command("mirror_worker", "--once")
    assert not page_file(built, "/careers/").exists()  # and is not copied again


def test_an_error_of_the_app_keeps_the_copy_there_is(mirror_root, monkeypatch):
    mirror = Mirror()
    assert mirror.copy("/news/") == "copied"
    file = page_file(mirror_root, "/news/")
    before = file.read_bytes()

    class Failing:
        status_code = 500
        streaming = False

    monkeypatch.setattr(mirror, "get", lambda path: Failing())
    assert mirror.copy("/news/") == "kept"
    assert file.read_bytes() == before


@pytest.mark.parametrize(
    "path",
    ["/../etc/passwd", "/news/../../x/", "/.hidden/", "/.well-known/../.git/", "news/", "/a\x00b/"],
)
def test_only_plain_addresses_map_to_files(mirror_root, path):
    with pytest.raises(ValueError):
        Mirror(mirror_root).target(path)


def test_nothing_is_written_without_a_mirror_root(settings, tmp_path, commits_at_once, db):
    settings.MIRROR_ROOT = ""
    set_level(ThreatLevel.CRITICAL)
    assert not MirrorChange.objects.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_long_build_copies_what_changes_name_meanwhile(mirror_root, monkeypatch):
    monkeypatch.setattr(mirror_module, "BREAK_EVERY_SECONDS", 0)
    MirrorChange.objects.create(everything=True)
    mirror = Mirror()
    copied = []
    original_copy = mirror.copy

    def copy(path):
        if not copied:  # a change commits while the build runs
            MirrorChange.objects.create(path="/careers/")
        copied.append(path)
        return original_copy(path)

    monkeypatch.setattr(mirror, "copy", copy)
    mirror.apply_changes()

    assert not MirrorChange.objects.exists()
    # Once at the first break, once again where the build reached it.
    assert copied.count("/careers/") == 2


def test_a_site_host_name_the_app_refuses_is_named_not_a_bare_400(mirror_root, settings):
    """A fresh database's Site is localhost: a production host list refuses it, and the
    operator is told where to set the host name."""
    settings.ALLOWED_HOSTS = ["www.example.org"]

    with pytest.raises(RuntimeError, match=r"host name \(localhost\) in ALLOWED_HOSTS"):
        Mirror().build()
    with pytest.raises(CommandError, match=r"host name \(localhost\) in ALLOWED_HOSTS"):
        call_command("build_mirror")  # said in a line, not a traceback


def test_the_build_says_how_many_addresses_are_gone_and_how_many_stale_copies_went(built):
    """Two counts under one name once hid each other: an address now answering 404 (its
    copy deleted) and the copy of an address no longer listed at all."""
    for slug in ("old-story", "older-story"):
        stale = built / "pages" / slug / "index.html"
        stale.parent.mkdir(parents=True)
        stale.write_bytes(b"<p>An old copy</p>")
    site_settings = SiteSettings.load()
    site_settings.security_contact_page = None
    site_settings.security_contact_email = ""
    site_settings.security_txt_expires = None
    site_settings.save()  # security.txt, a listed address, now answers 404

    out = io.StringIO()
    call_command("build_mirror", stdout=out)

    assert "1 gone" in out.getvalue()
    assert "2 stale copies removed" in out.getvalue()
    assert not (built / "pages" / "old-story" / "index.html").exists()
    assert not (built / "pages" / ".well-known" / "security.txt").exists()


def test_a_pass_that_fails_says_so_by_its_exit_status(settings, tmp_path, commits_at_once, db):
    """Found by a probe: `mirror_worker --once` (an operator's or a timer's run) ended 0
    after a pass that failed; and a negative or NaN interval stopped the worker with a
    traceback after its first pass."""
    where_a_folder_should_be = tmp_path / "a-file"
    where_a_folder_should_be.write_text("not a folder")
    settings.MIRROR_ROOT = str(where_a_folder_should_be)

    with pytest.raises(CommandError, match="This pass failed"):
        call_command("mirror_worker", "--once")
    for interval in ("-1", "0", "nan", "inf", "soon"):
        with pytest.raises(CommandError, match="--interval"):
            call_command("mirror_worker", "--once", "--interval", interval)


def test_a_level_change_withholds_the_mirror_s_level_before_anything_needs_the_database(
    mirror_root, monkeypatch
):
    """Found by a fault probe: with the database hung just after a change of level, the
    request that made it could copy nothing, and nginx, answering from the mirror while
    the app hung, showed the level the change had replaced, after the new one had shown.
    Now the first thing done is to withhold the mirror's level; what follows puts it back."""
    from django.db import connection

    from edge.mirror import WITHHELD

    Mirror().update_threat_level()
    committed, seen_at_first_query = [], []

    def commit(func):  # commits_at_once's, noting the moment
        committed.append(True)
        func()

    def first_query(execute, sql, params, many, context):
        if committed and not seen_at_first_query:
            bar = (mirror_root / BAR_FRAGMENT).read_text()
            seen_at_first_query.append(((mirror_root / WITHHELD).exists(), bar))
        return execute(sql, params, many, context)

    monkeypatch.setattr(serving_changes, "on_commit", commit)
    changed = ThreatLevelSettings.load()
    changed.national_level = ThreatLevel.SEVERE
    with connection.execute_wrapper(first_query):
        changed.save()  # commits at once, and the hook runs

    withheld, bar = seen_at_first_query[0]
    assert withheld
    assert "SUBSTANTIAL" not in bar and "cannot be shown for now" in bar
    # Then copied again: the new level, nothing withheld.
    assert ">SEVERE</strong>" in (mirror_root / BAR_FRAGMENT).read_text()
    assert not (mirror_root / WITHHELD).exists()


def test_a_withheld_level_is_copied_again_at_the_worker_s_next_pass(built):
    """Where the request that withheld it could not copy it (the database gone)."""
    from edge.mirror import WITHHELD

    Mirror().withhold_threat_level()
    assert (built / WITHHELD).exists()

    call_command("mirror_worker", "--once")

    assert not (built / WITHHELD).exists()
    assert ">SUBSTANTIAL</strong>" in (built / BAR_FRAGMENT).read_text()
