import sqlite3
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from editorial import roles
from serving import changes, forget_everything, generation, process
from serving.cache_backends import breaker
from tests import factories

# Puts this worker's test database back as the migrations left it (set by django_db_setup).
_restore_migrated_database = None
# On SQLite, a copy of this worker's test database as the migrations left it.
_migrated_sqlite = None


def sqlite_in_memory():
    """Whether the test database is SQLite's in-memory one, which a copy can replace."""
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and a way back to it after a transactional test.

    Such a test (a live server for the browser, a migration run backwards) ends with a
    flush, which also removes the rows the migrations made: the root page, the default
    Site, Wagtail's groups. pytest-django runs those tests last, but pytest-xdist's work stealing
    can hand a worker other tests after them; they would find an empty database. So each
    transactional test is followed by a restore (pytest_runtest_teardown below): a copy of
    SQLite's in-memory database (milliseconds), or Django's own serialization elsewhere.
    """
    global _restore_migrated_database, _migrated_sqlite
    with django_db_blocker.unblock():
        if sqlite_in_memory():
            connection.ensure_connection()
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
            _migrated_sqlite = copy

            def restore():
                copy.backup(connection.connection)

        else:
            rows = connection.creation.serialize_db_to_string()

            def restore():
                call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
                connection.creation.deserialize_db_from_string(rows)
                # The rows came back with their ids; the sequences must go past them.
                models = apps.get_models(include_auto_created=True)
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), models):
                        cursor.execute(sql)

    def restore_unblocked():
        with django_db_blocker.unblock():
            restore()
        ContentType.objects.clear_cache()

    _restore_migrated_database = restore_unblocked
    yield
    _restore_migrated_database = _migrated_sqlite = None


def write_migrated_database(path):
    """Write this worker's test database, as the migrations left it, to the SQLite file
    `path`, if it has one (SQLite, and a test of this worker used the database): what
    `manage.py migrate` makes with the same apps, without migrating again (about 37 s on
    a slow day of this machine). Whether it wrote it."""
    if _migrated_sqlite is None:
        return False
    target = sqlite3.connect(path)
    try:
        _migrated_sqlite.backup(target)
    finally:
        target.close()
    return True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction") and _restore_migrated_database:
        _restore_migrated_database()
    return result


@pytest.fixture(autouse=True)
def fresh_serving_state():
    """Each test starts as a new worker would: nothing known, kept or pending, and an
    empty cache (rate-limit counters included)."""
    cache.clear()
    generation.forget()
    changes.discard_pending()
    process.forget_everything()
    breaker.close()
    yield
    generation.forget()
    changes.discard_pending()
    process.forget_everything()


@pytest.fixture
def commits_at_once(monkeypatch, settings):
    """Serving as in production, within a test's transaction.

    The test's transaction never commits, so what waits for the commit (announcing the
    new generation) runs when the change is made, as it does for a change made outside a
    transaction. The database is read for the generation only on a worker's first request
    (so query counts do not depend on the clock); tests of that reading set it themselves.
    """
    monkeypatch.setattr(changes, "on_commit", lambda func: func())
    settings.SERVING_REVALIDATE_SECONDS = 3600
    settings.SERVING_UNCONFIRMED_SECONDS = 3600


@pytest.fixture
def cached_site(settings, sections, commits_at_once):
    """The sections site with the anonymous page cache on, as in production."""
    settings.SERVING_PAGE_CACHE_SECONDS = 300
    settings.SERVING_PAGE_CACHE_STALE_SECONDS = 30
    # A CDN may keep pages as long as the page cache, so that s-maxage shows how long
    # a page is kept (test_redis_cache checks the CDN's own, shorter default).
    settings.SERVING_CDN_CACHE_SECONDS = 7 * 24 * 3600
    cache.clear()
    yield sections
    cache.clear()


@pytest.fixture(scope="module")
def site_for_the_module(django_db_setup, django_db_blocker):
    """The sections site, built once for a module that asks for it with
    `pytestmark = pytest.mark.usefixtures("site_for_the_module")` (about 0.25 s a test
    otherwise): its tests run in savepoints of this module-wide transaction, as Django's
    TestCase.setUpTestData does. Only for modules without transactional tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = factories.site_with_sections()
        yield {name: (type(page), page.pk) for name, page in built.items()}
        transaction.set_rollback(True)


@contextmanager
def building_for_the_module(site, django_db_blocker):
    """For a module-scoped fixture that adds to `site` (site_for_the_module's value): a
    savepoint of the module's transaction, rolled back when the fixture ends; inside it,
    the site's pages by name. What is built there is seen by the module's tests that
    follow (each in a savepoint of its own): use it where they all want it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield {name: model.objects.get(pk=pk) for name, (model, pk) in site.items()}
        transaction.set_rollback(True)


@pytest.fixture
def sections(request, db):
    """The site's sections by name: the module's site, fetched afresh (a test may change
    what it gets), as a `built_for_the_module` fixture left it where the module has one
    (it may put an index of its own in place of a section); or a new site."""
    if "site_for_the_module" not in request.fixturenames:
        return factories.site_with_sections()
    site = request.getfixturevalue("site_for_the_module")
    names = list(site)
    if "built_for_the_module" in request.fixturenames:
        site = {**site, **request.getfixturevalue("built_for_the_module")}
    return {name: fresh(site, name) for name in names}


@pytest.fixture
def home(sections):
    return sections["home"]


# The users of the fixtures below: fixture name -> (username, role, other fields).
USERS = {
    "comms_editor": ("comms", roles.COMMS_EDITORS, {}),
    "comms_approver": ("approver", roles.COMMS_APPROVERS, {}),
    "second_approver": ("approver2", roles.COMMS_APPROVERS, {}),
    "recruiter": ("recruiter", roles.RECRUITERS, {}),
    "threat_level_manager": ("threatlevel", roles.THREAT_LEVEL_MANAGERS, {}),
    "administrator": ("administrator", roles.ADMINISTRATORS, {}),  # not a superuser
    "superuser": ("admin", roles.ADMINISTRATORS, {"is_superuser": True, "is_staff": True}),
}


def make_users(*names):
    """{name: user} for the named fixtures' users, made as the fixtures make them: for a
    module-scoped fixture that builds a module's users once (`built_for_the_module`)."""
    return {
        name: factories.user(USERS[name][0], USERS[name][1], **USERS[name][2]) for name in names
    }


def fresh(built, name):
    """A (model, pk) that a module-scoped fixture yielded under `name`, fetched afresh: a
    test may change the object it gets."""
    model, pk = built[name]
    return model.objects.get(pk=pk)


def user(request, name):
    """The user of fixture `name`: the module's own, where a `built_for_the_module` fixture
    made it once, or a new one."""
    if "built_for_the_module" in request.fixturenames:
        built = request.getfixturevalue("built_for_the_module")
        if name in built:
            return fresh(built, name)
    return make_users(name)[name]


@pytest.fixture
def comms_editor(request, sections):
    return user(request, "comms_editor")


@pytest.fixture
def comms_approver(request, sections):
    return user(request, "comms_approver")


@pytest.fixture
def recruiter(request, sections):
    return user(request, "recruiter")


@pytest.fixture
def threat_level_manager(request, sections):
    return user(request, "threat_level_manager")


@pytest.fixture
def superuser(request, sections):
    return user(request, "superuser")


@pytest.fixture
def administrator(request, sections):
    """A member of Administrators who is not a superuser: the group's own rights."""
    return user(request, "administrator")


# On SQLite in memory, this worker's test database with the demo content loaded, copied
# aside the first time a test needs it (put_the_demo_in_place).
_demo_sqlite = None


def put_the_demo_in_place():
    """Load the demo content into the test database. On SQLite in memory, outside a
    transaction, the first load is copied aside and later ones copied back from it:
    loading takes seconds (about 4 s on this machine), copying a few milliseconds."""
    global _demo_sqlite
    if not sqlite_in_memory():
        call_command("load_demo_content", verbosity=0)
        return
    connection.ensure_connection()
    if _demo_sqlite is None:
        call_command("load_demo_content", verbosity=0)
        _demo_sqlite = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_demo_sqlite)
    else:
        _demo_sqlite.backup(connection.connection)
    # What this process remembers of the rows it replaced (their ids may differ).
    ContentType.objects.clear_cache()
    cache.clear()
    forget_everything()


@pytest.fixture
def demo_loaded():
    """The demo content as `load_demo_content` leaves an empty site, for a test whose
    subject is not that first load (the command run again over it, what the demo shows).
    On SQLite in memory the test is transactional (pytest_collection_modifyitems below)
    and the demo copied in from this worker's first load, in milliseconds where loading
    takes seconds; elsewhere it is loaded in the test's transaction."""
    if sqlite_in_memory() and connection.in_atomic_block:
        raise RuntimeError("demo_loaded cannot share a module-wide site or transaction")
    put_the_demo_in_place()


def pytest_collection_modifyitems(items):
    """Tests using `demo_loaded` are transactional on SQLite (the test database is
    replaced by a copy, which only works outside a transaction); the restore after a
    transactional test puts the migrated database back."""
    if connection.vendor != "sqlite":
        return
    for item in items:
        if "demo_loaded" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db(transaction=True), append=False)


@pytest.fixture(scope="module")
def demo_for_the_module(django_db_setup, django_db_blocker):
    """The demo content, in place for a module's tests: each test runs in a transaction
    of its own and rolls back to the demo as loaded. Only for modules whose every test may
    see the demo, and none of them transactional. On SQLite in memory, a copy of the
    database as the demo left it, put back afterwards as the migrations left it;
    elsewhere, loaded in a module-wide transaction rolled back afterwards, as Django's
    TestCase.setUpTestData does."""
    with django_db_blocker.unblock():
        if sqlite_in_memory():
            put_the_demo_in_place()
            yield
            _restore_migrated_database()
            forget_everything()
            return
        with transaction.atomic():
            put_the_demo_in_place()
            yield
            transaction.set_rollback(True)
