"""The reports area of the admin: only report handlers (and superusers) see, export and
mark reports; everyone else is refused and changes nothing."""

import datetime
import io
import json
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from nacl.public import PrivateKey

from accounts.models import SecurityEvent
from accounts.two_factor import two_factor_required
from editorial import roles
from reports.models import Report
from reports.offline import open_report, read_export
from tests import factories
from tests.reports.conftest import files_at_most

pytestmark = pytest.mark.usefixtures("site_for_the_module")

INDEX, EXPORT, HANDLED = (
    "/admin/received-reports/",
    "/admin/received-reports/export/",
    "/admin/received-reports/handled/",
)


def stored_report(reference, *, hours_ago=1, key=None, what=None, **fields):
    """A report as the form stores it, sealed to `key` (or to a key nobody keeps)."""
    from reports.offline import format_received_hour, seal_report

    key = key or PrivateKey.generate()
    hour = (timezone.now() - timedelta(hours=hours_ago)).replace(minute=0, second=0, microsecond=0)
    ciphertext = seal_report(
        bytes(key.public_key),
        reference,
        format_received_hour(hour),
        {"what": what or reference},
        [],
    )
    from reports.offline import fingerprint

    return Report.objects.create(
        reference=reference,
        received_hour=hour,
        key_fingerprint=fingerprint(bytes(key.public_key)),
        ciphertext=ciphertext,
        size=len(ciphertext),
        **fields,
    )


@pytest.fixture
def reports(db):
    key = PrivateKey.generate()
    return key, [stored_report(f"AAAA-AAAA-000{n}", hours_ago=n + 1, key=key) for n in range(3)]


def refused(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def states():
    return list(Report.objects.order_by("reference").values_list("exported_at", "handled_at"))


def test_a_handler_sees_references_hours_sizes_and_states_never_content(client, handler, reports):
    client.force_login(handler)

    response = client.get(INDEX)

    html = response.content.decode()
    assert response.status_code == 200
    for report in reports[1]:
        assert report.reference in html
    assert "Export selected" in html and "Mark selected as handled" in html
    assert "(key no longer listed)" in html  # the test settings' key is another one
    assert b"ciphertext" not in response.content
    # On a phone the table scrolls sideways (the admin hides what overflows its main area).
    scrolling = html.split('<div class="w-overflow-x-auto"')[1]
    assert scrolling.index("<table") < scrolling.index("</div>")


def test_a_handler_exports_a_selection_as_one_file_the_offline_tool_opens(client, handler, reports):
    key, [first, second, third] = reports
    client.force_login(handler)

    response = client.post(EXPORT, {"report": [first.pk, third.pk]})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="reports-')
    rows = read_export(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    assert sorted(row["reference"] for row in rows) == [first.reference, third.reference]
    for row in rows:
        assert open_report(key, row["ciphertext"])["reference"] == row["reference"]
    exported = set(Report.objects.filter(exported_at__isnull=False).values_list("pk", flat=True))
    assert exported == {first.pk, third.pk}
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.REPORTS_EXPORTED)
    assert event.user == handler
    assert event.detail == f"2: {first.reference}, {third.reference}"


def test_exported_says_the_last_export_which_retention_counts_from(client, handler, reports):
    # Exported again (the first copy lost), a report is kept its full time from then.
    _key, [first, _second, _third] = reports
    client.force_login(handler)
    earlier = timezone.now() - datetime.timedelta(days=80)
    Report.objects.filter(pk=first.pk).update(exported_at=earlier)

    client.post(EXPORT, {"report": [first.pk]})

    first.refresh_from_db()
    assert first.exported_at > earlier + datetime.timedelta(days=79)


def test_a_handler_marks_reports_handled(client, handler, reports):
    _key, [first, second, _third] = reports
    Report.objects.filter(pk__in=[first.pk, second.pk]).update(exported_at=timezone.now())
    client.force_login(handler)

    response = client.post(HANDLED, {"report": [first.pk, second.pk]}, follow=True)

    assert "2 reports marked as handled." in response.content.decode()
    handled = set(Report.objects.filter(handled_at__isnull=False).values_list("pk", flat=True))
    assert handled == {first.pk, second.pk}
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.REPORTS_HANDLED)
    assert (event.user, event.detail) == (handler, f"2: {first.reference}, {second.reference}")

    again = client.post(HANDLED, {"report": [first.pk]}, follow=True).content.decode()
    assert "The reports chosen were marked as handled already." in again
    assert "Choose the reports" not in again  # they were chosen
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.REPORTS_HANDLED).count() == 1


def test_a_report_never_exported_is_not_marked_handled(client, handler, reports):
    """Nobody can have read it: marked handled, it would be deleted unread."""
    _key, [first, second, third] = reports
    Report.objects.filter(pk=first.pk).update(exported_at=timezone.now())
    client.force_login(handler)

    response = client.post(HANDLED, {"report": [first.pk, second.pk, third.pk]}, follow=True)

    html = response.content.decode()
    assert "1 report marked as handled." in html
    assert f"Not marked: {second.reference}, {third.reference} were never exported" in html
    handled = set(Report.objects.filter(handled_at__isnull=False).values_list("pk", flat=True))
    assert handled == {first.pk}
    alone = client.post(HANDLED, {"report": [second.pk]}, follow=True).content.decode()
    assert f"Not marked: {second.reference} was never exported" in alone
    assert "marked as handled already" not in alone
    assert Report.objects.get(pk=second.pk).handled_at is None


def test_the_list_says_each_report_s_state_beside_its_reference_and_the_retention(
    client, handler, reports, settings
):
    """On a phone the table scrolls sideways: the state was its last column, out of sight."""
    settings.REPORTS_RETENTION_DAYS = 30
    client.force_login(handler)

    html = client.get(INDEX).content.decode()

    table = html.split('<table class="listing">')[1].split("</thead>")[0]
    headings = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert headings[:2] == ["Reference", "State"]
    assert "deleted 30 days after its last export or its marking as handled, whichever" in html


def test_nothing_chosen_changes_nothing(client, handler, reports):
    client.force_login(handler)
    before = states()

    assert client.post(EXPORT, {"report": ["x"]}).status_code == 302
    assert client.post(HANDLED, {}).status_code == 302
    assert states() == before


def test_a_superuser_may_do_everything_handlers_do(client, superuser, reports):
    client.force_login(superuser)

    assert client.get(INDEX).status_code == 200
    assert client.post(EXPORT, {"report": [reports[1][0].pk]}).status_code == 200


@pytest.mark.parametrize(
    "group",
    [
        roles.COMMS_EDITORS,
        roles.COMMS_APPROVERS,
        roles.RECRUITERS,
        roles.THREAT_LEVEL_MANAGERS,
        roles.ADMINISTRATORS,
    ],
)
def test_other_roles_are_refused_and_change_nothing(client, sections, reports, group):
    client.force_login(factories.user("someone", group))
    before = states()
    pks = [report.pk for report in reports[1]]

    assert refused(client.get(INDEX))
    assert refused(client.post(EXPORT, {"report": pks}))
    assert refused(client.post(HANDLED, {"report": pks}))
    assert states() == before
    assert INDEX not in client.get("/admin/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, reports):
    assert client.get(INDEX)["Location"].startswith("/admin/login/")
    assert client.post(EXPORT, {"report": [reports[1][0].pk]})["Location"].startswith(
        "/admin/login/"
    )
    assert Report.objects.filter(exported_at__isnull=False).count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/admin/pages/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/snippets/",
        "/admin/users/",
        "/admin/settings/core/sitesettings/",
        "/admin/threat-level/",
        "/admin/received-reports/",
    ],
)
def test_handlers_reach_the_reports_area_and_nothing_else(client, handler, path):
    client.force_login(handler)

    response = client.get(path)

    expected_ok = path == INDEX
    assert (response.status_code == 200) == expected_ok, (path, response.status_code)
    if not expected_ok:
        assert response.status_code in (302, 403)


def test_site_history_shows_handlers_nothing_of_the_pages(client, handler, superuser):
    # The site history is for those who see the whole site (core.choosing): not handlers.
    client.force_login(superuser)
    assert "Privacy" in client.get("/admin/reports/site-history/results/").content.decode()
    client.force_login(handler)
    refused = client.get("/admin/reports/site-history/results/")
    assert refused.status_code == 302
    assert "Privacy" not in refused.content.decode()


def test_handlers_menu_has_reports(client, handler):
    client.force_login(handler)
    html = client.get("/admin/").content.decode()
    assert f'href="{INDEX}"' in html
    assert "neither exported nor handled" in html  # the dashboard panel


def test_handlers_must_use_two_factor_sign_in(handler, settings):
    settings.TWO_FACTOR_REQUIRED = True
    assert two_factor_required(handler)


# Keeping and deleting


def test_reports_waiting_longer_than_the_retention_period_are_flagged(client, handler, settings):
    old = stored_report("OLDD-0000-0001", hours_ago=24 * (settings.REPORTS_RETENTION_DAYS + 1))
    stored_report("NEWW-0000-0001")
    client.force_login(handler)

    html = client.get(INDEX).content.decode()

    assert "1 report arrived more than the retention period ago" in html
    assert html.count("Waiting longer than the retention period") == 1
    assert html.index(old.reference) > html.index("NEWW-0000-0001")


def test_delete_old_reports_keeps_unhandled_ones_and_recent_ones(db, settings):
    days = settings.REPORTS_RETENTION_DAYS
    long_ago = timezone.now() - timedelta(days=days + 1)
    stored_report("GONE-0000-0001", hours_ago=24 * (days + 5), handled_at=long_ago)
    stored_report("GONE-0000-0002", hours_ago=24 * (days + 5), exported_at=long_ago)
    stored_report("KEEP-0000-0001", hours_ago=24 * (days + 5))  # never exported nor handled
    stored_report("GONE-0000-0003", handled_at=long_ago, exported_at=long_ago)
    stored_report("KEEP-0000-0002", handled_at=timezone.now())
    # Handled long ago, exported again since (its first copy lost): kept its full time
    # from the export; and the other way round.
    stored_report("KEEP-0000-0003", handled_at=long_ago, exported_at=timezone.now())
    stored_report("KEEP-0000-0004", exported_at=long_ago, handled_at=timezone.now())
    out, err = io.StringIO(), io.StringIO()

    call_command("delete_old_reports", stdout=out, stderr=err)

    assert sorted(Report.objects.values_list("reference", flat=True)) == [
        "KEEP-0000-0001",
        "KEEP-0000-0002",
        "KEEP-0000-0003",
        "KEEP-0000-0004",
    ]
    assert "3 reports handled or exported" in out.getvalue()
    assert "1 reports older than" in err.getvalue()


def test_export_reports_writes_a_file_and_notes_the_export(tmp_path, db):
    key = PrivateKey.generate()
    stored_report("AAAA-0000-0001", hours_ago=24 * 10, key=key)
    stored_report("AAAA-0000-0002", hours_ago=1, key=key)
    since = (timezone.now() - timedelta(days=2)).date().isoformat()
    outfile = tmp_path / "export.json"

    call_command("export_reports", str(outfile), "--since", since, stdout=io.StringIO())

    with outfile.open("rb") as file:
        rows = read_export(file)
    assert [row["reference"] for row in rows] == ["AAAA-0000-0002"]
    assert json.loads(outfile.read_text())["format"] == "portal-reports-export"
    assert list(
        Report.objects.filter(exported_at__isnull=False).values_list("reference", flat=True)
    ) == ["AAAA-0000-0002"]


def test_export_reports_refuses_bad_input_and_an_existing_file(tmp_path, db):
    stored_report("AAAA-0000-0003")
    existing = tmp_path / "there.json"
    existing.write_text("keep me")

    with pytest.raises(CommandError, match="exists already"):
        call_command("export_reports", str(existing))
    for day in ("yesterday", ""):  # empty exported every report
        with pytest.raises(CommandError, match="--since must be a date"):
            call_command("export_reports", str(tmp_path / "new.json"), "--since", day)
    for unwritable in (tmp_path / "no-such-folder" / "x.json", ""):
        with pytest.raises(CommandError, match="Cannot write"):
            call_command("export_reports", str(unwritable))
    with pytest.raises(CommandError, match="exists already"):  # a folder
        call_command("export_reports", str(tmp_path))
    assert existing.read_text() == "keep me"
    assert not Report.objects.filter(exported_at__isnull=False).exists()


def test_an_export_cut_short_leaves_no_file_and_notes_nothing(tmp_path, db):
    """Found by a probe on a full disk: the transaction committed before the file's last
    bytes were written, so a part of the export stayed and every report was noted
    exported. Here the disk has room for all but the export's last byte."""
    key = PrivateKey.generate()
    for n in range(3):
        stored_report(f"FULL-0000-{n:04}", key=key)
    measured = tmp_path / "measured" / "export.json"
    measured.parent.mkdir()
    call_command("export_reports", str(measured), stdout=io.StringIO())
    Report.objects.update(exported_at=None)
    outfile = tmp_path / "export.json"
    events = SecurityEvent.objects.count()

    room = files_at_most(measured.stat().st_size - 1)
    with room, pytest.raises(CommandError, match="Nothing was exported"):
        call_command("export_reports", str(outfile), stdout=io.StringIO())

    assert sorted(path.name for path in tmp_path.iterdir()) == ["measured"]
    assert not Report.objects.filter(exported_at__isnull=False).exists()
    assert SecurityEvent.objects.count() == events

    call_command("export_reports", str(outfile), stdout=io.StringIO())  # room again
    with outfile.open("rb") as file:
        assert len(read_export(file)) == 3
    assert Report.objects.filter(exported_at__isnull=False).count() == 3


def test_setup_roles_gives_handlers_the_reports_area_alone(db):
    from django.contrib.auth.models import Group

    from editorial.roles import apply_roles

    apply_roles()

    permissions = Group.objects.get(name=roles.REPORT_HANDLERS).permissions.all()
    assert sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions) == [
        "reports.change_report",
        "reports.export_report",
        "reports.view_report",
        "wagtailadmin.access_admin",
    ]
    assert not Group.objects.get(name=roles.REPORT_HANDLERS).page_permissions.exists()


def test_the_report_page_goes_live_only_through_comms_review(
    report_page, comms_editor, comms_approver
):
    from editorial.roles import apply_roles

    apply_roles()
    page = report_page.specific

    assert page.get_workflow().name == "Comms review"
    assert not page.permissions_for_user(comms_editor).can_publish()
    assert not page.permissions_for_user(comms_editor).can_unpublish()
    assert page.permissions_for_user(comms_editor).can_edit()
    assert not page.permissions_for_user(comms_approver).can_publish()  # only by approving


@pytest.mark.parametrize("bad", ["²", "99999999999999999999", "abc"])
def test_a_selection_of_ids_that_name_no_report_is_asked_again(client, handler, reports, bad):
    client.force_login(handler)

    response = client.post(EXPORT, {"report": [bad]})

    assert response.status_code == 302
    assert not Report.objects.filter(exported_at__isnull=False).exists()


@pytest.fixture
def large_reports(db, settings):
    """Three reports of about 0.6 MB sealed, against exports of at most 1 MB."""
    settings.REPORTS_MAX_EXPORT_MB = 1
    key = PrivateKey.generate()
    seen = "Seen at the docks. " * 32_000
    return key, [
        stored_report(f"BIGG-0000-000{n}", hours_ago=10 - n, key=key, what=seen) for n in range(3)
    ]


def test_the_admin_exports_no_more_than_one_file_holds(client, handler, large_reports):
    """Found by a probe: 50 reports with their attachments made a 738 MB answer built in
    memory (gunicorn's worker killed at the second try), and a file the offline machine's
    2 GiB could not open."""
    _key, [first, second, third] = large_reports
    client.force_login(handler)

    refused = client.post(EXPORT, {"report": [first.pk, second.pk, third.pk]}, follow=True)

    assert "more than one export file holds (1 MB sealed)" in refused.content.decode()
    assert not Report.objects.filter(exported_at__isnull=False).exists()
    assert client.post(EXPORT, {"report": [second.pk]}).status_code == 200
    assert list(Report.objects.filter(exported_at__isnull=False)) == [second]


def test_export_reports_writes_the_oldest_one_file_holds_and_says_how_many_are_left(
    tmp_path, large_reports
):
    key, [first, second, third] = large_reports
    out = io.StringIO()

    call_command("export_reports", str(tmp_path / "one.json"), stdout=out)

    with (tmp_path / "one.json").open("rb") as file:
        assert [row["reference"] for row in read_export(file)] == [first.reference]
    assert "2 more, received later, did not fit in one file" in out.getvalue()
    call_command("export_reports", str(tmp_path / "two.json"), "--new", stdout=io.StringIO())
    with (tmp_path / "two.json").open("rb") as file:
        assert [row["reference"] for row in read_export(file)] == [second.reference]


def test_an_export_stopped_leaves_no_file_and_notes_nothing(tmp_path, db):
    """Found by a probe: `kill` (SIGTERM, as systemd stops a job) ended an export at once,
    leaving the claimed name empty and 380 MB written beside it; run again, it said the
    file existed. Sent here as the reports are read."""
    import os
    import signal

    from django.db import connection

    for n in range(3):
        stored_report(f"STOP-0000-{n:04}")
    events = SecurityEvent.objects.count()
    delivered = []

    def stop_while_reading(execute, sql, params, many, context):
        if "ciphertext" in sql and not delivered:
            delivered.append(True)
            os.kill(os.getpid(), signal.SIGTERM)
        return execute(sql, params, many, context)

    # Without the command's own handler, this one notes the signal and lets it go on.
    def going_on(signum, frame):
        pass

    previous = signal.signal(signal.SIGTERM, going_on)
    try:
        with connection.execute_wrapper(stop_while_reading), pytest.raises(SystemExit):
            call_command("export_reports", str(tmp_path / "export.json"), stdout=io.StringIO())
        assert signal.getsignal(signal.SIGTERM) is going_on  # the handler before, put back
    finally:
        signal.signal(signal.SIGTERM, previous)

    assert delivered
    assert list(tmp_path.iterdir()) == []
    assert not Report.objects.filter(exported_at__isnull=False).exists()
    assert SecurityEvent.objects.count() == events
