"""Sent through the form, exported, opened by the offline tool as an operator would run it."""

import io
import secrets
import subprocess
import sys

from django.core.management import call_command
from django.db import transaction

from reports.models import Report
from reports.offline import write_private_key
from tests.reports.conftest import report_data, send
from tests.reports.test_report_form import png, upload
from tests.serving.servers import PROJECT_ROOT


def open_export(export, key_file, outdir):
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "reports.offline", "open", str(export), str(key_file), str(outdir)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_report_comes_back_exactly_and_a_swapped_row_is_detected(
    client, report_page, report_key, tmp_path
):
    key_file = tmp_path / "key.json"
    write_private_key(key_file, report_key, None)
    marker = f"round-trip-{secrets.token_hex(6)}"
    attachment = png(3_200_000, marker.encode())
    send(
        client, report_data(what=f"Seen: {marker}", attachments=[upload("harbour.png", attachment)])
    )
    send(client, report_data(what="A second report."))
    first, second = Report.objects.order_by("pk")

    call_command("export_reports", str(tmp_path / "export.json"), stdout=io.StringIO())
    opened = open_export(tmp_path / "export.json", key_file, tmp_path / "opened")

    assert opened.returncode == 0, opened.stderr
    folder = tmp_path / "opened" / first.reference
    assert f"Seen: {marker}" in (folder / "report.txt").read_text()
    assert (folder / "harbour.png").read_bytes() == attachment
    assert (tmp_path / "opened" / second.reference / "report.txt").exists()

    # Someone with the database swaps the two ciphertexts: both rows are refused.
    with transaction.atomic():
        Report.objects.filter(pk=first.pk).update(ciphertext=bytes(second.ciphertext))
        Report.objects.filter(pk=second.pk).update(ciphertext=bytes(first.ciphertext))
    call_command("export_reports", str(tmp_path / "swapped.json"), stdout=io.StringIO())
    reopened = open_export(tmp_path / "swapped.json", key_file, tmp_path / "again")

    assert reopened.returncode == 1
    assert reopened.stderr.count("swapped or forged") >= 2
    assert not (tmp_path / "again" / first.reference).exists()
    assert not (tmp_path / "again" / second.reference).exists()
