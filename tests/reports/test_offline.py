"""The sealed report format and the offline tool (reports/offline.py), without Django."""

import base64
import binascii
import datetime
import io
import json
import os
import shutil
import stat
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import nacl.public
import nacl.pwhash.argon2id
import nacl.utils
import pytest

from reports import offline
from tests.reports.conftest import files_at_most

ROOT = Path(__file__).resolve().parents[2]
OFFLINE_PY = ROOT / "reports" / "offline.py"
HOUR = "2026-12-04T16:00Z"
# Argon2id at its smallest, so protected key files are quick to write and read here.
FAST = {
    "opslimit": nacl.pwhash.argon2id.OPSLIMIT_MIN,
    "memlimit": nacl.pwhash.argon2id.MEMLIMIT_MIN,
}


@pytest.fixture(autouse=True)
def no_passphrase_from_the_environment(monkeypatch):
    monkeypatch.delenv(offline.PASSPHRASE_ENV, raising=False)


def new_key(tmp_path, name="key.json", passphrase=None):
    private_key = nacl.public.PrivateKey.generate()
    path = tmp_path / name
    offline.write_private_key(path, private_key, passphrase, **FAST)
    return private_key, path


def public_of(private_key):
    return bytes(private_key.public_key)


def row(private_key, reference, fields=None, attachments=(), hour=HOUR, ciphertext=None):
    public = public_of(private_key)
    if ciphertext is None:
        ciphertext = offline.seal_report(
            public, reference, hour, fields or {"what_happened": "Text"}, list(attachments)
        )
    return {
        "reference": reference,
        "received_hour": hour,
        "key_fingerprint": offline.fingerprint(public),
        "ciphertext": ciphertext,
    }


def export_file(tmp_path, rows, name="export.json"):
    path = tmp_path / name
    with open(path, "wb") as handle:
        offline.write_export(rows, handle, "2026-12-05T09:30:00Z")
    return path


def run_open(tmp_path, export, *keys):
    outdir = tmp_path / "out"
    argv = ["open", str(export), str(keys[0]), str(outdir)]
    for extra in keys[1:]:
        argv += ["--key", str(extra)]
    return offline.main(argv), outdir


def sealed_plaintext(public, plaintext, padding=None):
    """A sealed box holding exactly `plaintext` plus `padding` (correct padding by default)."""
    if padding is None:
        padding = b"\x80" + bytes(offline.padded_size(len(plaintext)) - len(plaintext) - 1)
    box = nacl.public.SealedBox(nacl.public.PublicKey(public))
    return box.encrypt(plaintext + padding)


def plaintext(header, body=b""):
    encoded = json.dumps(header).encode()
    return struct.pack(">I", len(encoded)) + encoded + body


# Images with and without an Exif GPS pointer, built by hand.


def tiff(order=b"MM", tags=(0x010F,)):
    endian = ">" if order == b"MM" else "<"
    entries = b"".join(struct.pack(endian + "HHII", tag, 4, 1, 26) for tag in tags)
    ifd = struct.pack(endian + "H", len(tags)) + entries + struct.pack(endian + "I", 0)
    return order + struct.pack(endian + "HI", 42, 8) + ifd


def jpeg(exif=None):
    jfif = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    parts = [b"\xff\xd8", b"\xff\xe0" + struct.pack(">H", len(jfif) + 2) + jfif]
    if exif is not None:
        payload = b"Exif\x00\x00" + exif
        parts.append(b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload)
    parts.append(b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x12\x34\x56" + b"\xff\xd9")
    return b"".join(parts)


def png(exif=None):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + b"\x00\x00\x00\x00"

    parts = [b"\x89PNG\r\n\x1a\n", chunk(b"IHDR", bytes(13))]
    if exif is not None:
        parts.append(chunk(b"eXIf", exif))
    parts += [chunk(b"IDAT", b"\x00" * 10), chunk(b"IEND", b"")]
    return b"".join(parts)


def webp(exif=None):
    chunks = b"VP8L" + struct.pack("<I", 5) + b"\x2f\x00\x00\x00\x00" + b"\x00"
    if exif is not None:
        chunks += b"EXIF" + struct.pack("<I", len(exif)) + exif + b"\x00" * (len(exif) & 1)
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WEBP" + chunks


GPS = 0x8825


# Public keys and hours


def test_parse_public_keys_reads_several_separated_by_commas_and_spaces():
    first, second = (public_of(nacl.public.PrivateKey.generate()) for _ in range(2))
    text = f"  {offline.format_public_key(first)},\n {offline.format_public_key(second)} , "
    assert offline.parse_public_keys(text) == [first, second]
    assert offline.parse_public_keys(offline.format_public_key(first)) == [first]


# A key reports can be sealed to, the same in every test worker (parameters must be).
USABLE_KEY = offline.format_public_key(bytes(nacl.public.PrivateKey(bytes(range(32))).public_key))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no public key"),
        (" , \n", "no public key"),
        ("not base64!", "not valid standard base64"),
        (base64.b64encode(bytes(31)).decode(), "31 bytes long, not 32"),
        (
            USABLE_KEY + " " + base64.b64encode(bytes(33)).decode(),
            "public key 2",
        ),
        # The right length, but nothing seals to it: every report sent failed.
        (base64.b64encode(bytes(32)).decode(), "no key a report can be sealed to"),
    ],
)
def test_parse_public_keys_says_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        offline.parse_public_keys(text)


def test_fingerprint_is_the_start_of_the_keys_sha256():
    assert (
        offline.fingerprint(bytes(32))
        == ("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"[:32])
    )


def test_received_hours_are_written_in_utc_to_the_hour():
    paris = datetime.timezone(datetime.timedelta(hours=1))
    moment = datetime.datetime(2026, 12, 4, 17, 59, 12, tzinfo=paris)
    assert offline.format_received_hour(moment) == HOUR
    with pytest.raises(ValueError):
        offline.format_received_hour(datetime.datetime(2026, 12, 4, 16))


# Sealing and opening


def test_a_report_round_trips_with_a_large_attachment_byte_exact():
    private_key = nacl.public.PrivateKey.generate()
    large = os.urandom(3 * 1024 * 1024 + 123)
    fields = {"what_happened": "Ça s'est passé ici.\nDeux lignes.", "contact": ""}
    ciphertext = offline.seal_report(
        public_of(private_key),
        "ABCD-EFGH-JKMN",
        HOUR,
        fields,
        [("video.mp4", "video/mp4", large), ("note.txt", "text/plain", b"")],
    )

    report = offline.open_report(private_key, ciphertext)

    assert report["version"] == 1
    assert report["reference"] == "ABCD-EFGH-JKMN"
    assert report["received_hour"] == HOUR
    assert report["fields"] == fields
    (first, first_data), (second, second_data) = report["attachments"]
    assert first == {"name": "video.mp4", "content_type": "video/mp4", "size": len(large)}
    assert first_data == large
    assert second == {"name": "note.txt", "content_type": "text/plain", "size": 0}
    assert second_data == b""
    assert len(ciphertext) == 4 * 1024 * 1024 + offline.SEAL_OVERHEAD


@pytest.mark.parametrize(
    ("length", "size"),
    [
        (0, 16384),
        (16383, 16384),
        (16384, 32768),
        (32767, 32768),
        (32768, 65536),
        (3 * 2**20, 4 * 2**20),
    ],
)
def test_plaintexts_are_padded_to_the_next_bucket(length, size):
    assert offline.padded_size(length) == size


def test_reports_of_different_small_sizes_have_equal_ciphertext_lengths():
    public = public_of(nacl.public.PrivateKey.generate())
    short = offline.seal_report(public, "AAAA-1111", HOUR, {"what_happened": "x"}, [])
    longer = offline.seal_report(
        public,
        "BBBB-2222",
        HOUR,
        {"what_happened": "y" * 5000, "where": "z" * 2000},
        [("a.pdf", "application/pdf", os.urandom(6000))],
    )
    assert len(short) == len(longer) == 16384 + offline.SEAL_OVERHEAD


def test_seal_report_refuses_a_reference_the_tool_could_not_use():
    public = public_of(nacl.public.PrivateKey.generate())
    for reference in ("../x", "abcd-efgh", "ABC", "ABCD\n"):
        with pytest.raises(ValueError, match="reference"):
            offline.seal_report(public, reference, HOUR, {}, [])


def test_open_report_rejects_random_bytes_and_reports_for_another_key():
    private_key = nacl.public.PrivateKey.generate()
    other = nacl.public.PrivateKey.generate()
    for ciphertext in (b"", os.urandom(16384 + 48)):
        with pytest.raises(offline.ReportError, match="forged"):
            offline.open_report(private_key, ciphertext)
    for_other = offline.seal_report(public_of(other), "ABCD-1234", HOUR, {}, [])
    with pytest.raises(offline.ReportError, match="another key"):
        offline.open_report(private_key, for_other)


def test_open_report_rejects_bad_padding():
    private_key = nacl.public.PrivateKey.generate()
    public = public_of(private_key)
    body = plaintext(
        {
            "version": 1,
            "reference": "ABCD-1234",
            "received_hour": HOUR,
            "fields": {},
            "attachments": [],
        }
    )
    zeros_only = bytes(16384 - len(body))
    not_a_bucket = b"\x80" + bytes(20000 - len(body) - 1)
    too_much = b"\x80" + bytes(32768 - len(body) - 1)
    for padding in (zeros_only, not_a_bucket, too_much):
        with pytest.raises(offline.ReportError, match="padding"):
            offline.open_report(private_key, sealed_plaintext(public, body, padding))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (struct.pack(">I", 5) + b"{oops", "not valid UTF-8 JSON"),
        (struct.pack(">I", 500) + b"{}", "runs past the end"),
        (
            plaintext(
                {
                    "version": 2,
                    "reference": "ABCD-1234",
                    "received_hour": HOUR,
                    "fields": {},
                    "attachments": [],
                }
            ),
            "unknown report version 2",
        ),
        (
            plaintext(
                {
                    "version": 1,
                    "reference": "ABCD-1234",
                    "received_hour": HOUR,
                    "fields": {},
                    "attachments": [{"name": "a", "content_type": "b", "size": 10}],
                },
                b"12345",
            ),
            "do not add up",
        ),
        (
            plaintext(
                {
                    "version": 1,
                    "reference": "ABCD-1234",
                    "received_hour": HOUR,
                    "fields": {},
                    "attachments": [],
                },
                b"extra",
            ),
            "do not add up",
        ),
        (plaintext([1, 2]), "not a JSON object"),
        # Forged (found by a probe): each stopped the whole export with a traceback.
        (struct.pack(">I", 10_000) + b"[" * 5000 + b"]" * 5000, "not valid UTF-8 JSON"),
        (
            plaintext(
                {
                    "version": 1,
                    "reference": "ABCD-1234",
                    "received_hour": HOUR,
                    "fields": {"what_happened": "\ud800"},  # half a character
                    "attachments": [],
                }
            ),
            "not valid UTF-8 JSON",
        ),
    ],
)
def test_open_report_rejects_malformed_contents(content, message):
    private_key = nacl.public.PrivateKey.generate()
    with pytest.raises(offline.ReportError, match=message):
        offline.open_report(private_key, sealed_plaintext(public_of(private_key), content))


# Export files


def test_an_export_round_trips():
    private_key = nacl.public.PrivateKey.generate()
    rows = [row(private_key, "ABCD-0001"), row(private_key, "ABCD-0002", hour="2026-12-04T17:00Z")]
    rows[1]["ciphertext"] = memoryview(rows[1]["ciphertext"])  # as PostgreSQL returns it
    buffer = io.BytesIO()

    assert offline.write_export(iter(rows), buffer, "2026-12-05T09:30:00Z") == 2

    document = json.loads(buffer.getvalue())
    assert document["format"] == "portal-reports-export"
    assert document["version"] == 1
    assert document["exported_at"] == "2026-12-05T09:30:00Z"
    buffer.seek(0)
    read = offline.read_export(buffer)
    assert [r["reference"] for r in read] == ["ABCD-0001", "ABCD-0002"]
    assert read[1]["received_hour"] == "2026-12-04T17:00Z"
    assert read[1]["ciphertext"] == bytes(rows[1]["ciphertext"])
    assert read[0]["key_fingerprint"] == offline.fingerprint(public_of(private_key))


def test_an_empty_export_is_valid():
    buffer = io.BytesIO()
    offline.write_export([], buffer, "2026-12-05T09:30:00Z")
    buffer.seek(0)
    assert offline.read_export(buffer) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "not JSON"),
        (b'{"format": "something-else", "version": 1, "reports": []}', "format"),
        (b'{"format": "portal-reports-export", "version": 2, "reports": []}', "version 2"),
        (b'{"format": "portal-reports-export", "version": 1, "reports": [{}]}', "malformed"),
        (b"[" * 5000 + b"]" * 5000, "not JSON"),
    ],
)
def test_read_export_rejects_other_files(content, message):
    with pytest.raises(offline.ReportError, match=message):
        offline.read_export(io.BytesIO(content))


# Private key files


def test_a_protected_key_file_needs_its_passphrase(tmp_path):
    private_key, path = new_key(tmp_path, passphrase=b"correct horse battery staple")

    document = json.loads(path.read_text())
    assert document["format"] == "portal-reports-private-key"
    assert document["version"] == 1
    assert document["protection"] == "argon2id"
    assert document["fingerprint"] == offline.fingerprint(public_of(private_key))
    assert base64.b64encode(bytes(private_key)).decode() not in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    loaded = offline.load_private_key(path, b"correct horse battery staple")
    assert bytes(loaded) == bytes(private_key)
    with pytest.raises(offline.ReportError, match="wrong passphrase"):
        offline.load_private_key(path, b"wrong horse")
    with pytest.raises(offline.ReportError, match="protected by a passphrase"):
        offline.load_private_key(path, None)


def test_the_default_limits_are_argon2id_sensitive():
    assert offline.KEY_OPSLIMIT == nacl.pwhash.argon2id.OPSLIMIT_SENSITIVE
    assert offline.KEY_MEMLIMIT == nacl.pwhash.argon2id.MEMLIMIT_SENSITIVE


def test_an_unprotected_key_file_loads_without_a_passphrase(tmp_path):
    private_key, path = new_key(tmp_path)
    assert json.loads(path.read_text())["protection"] == "none"
    assert bytes(offline.load_private_key(path, None)) == bytes(private_key)


def test_a_key_file_is_never_overwritten(tmp_path):
    _private_key, path = new_key(tmp_path)
    before = path.read_bytes()
    with pytest.raises(offline.ReportError, match="already exists"):
        offline.write_private_key(path, nacl.public.PrivateKey.generate(), None)
    assert path.read_bytes() == before


def test_a_key_file_whose_halves_disagree_is_refused(tmp_path):
    _private_key, path = new_key(tmp_path)
    document = json.loads(path.read_text())
    other = public_of(nacl.public.PrivateKey.generate())
    document.update(
        public_key=offline.format_public_key(other), fingerprint=offline.fingerprint(other)
    )
    path.write_text(json.dumps(document))
    with pytest.raises(offline.ReportError, match="does not match"):
        offline.load_private_key(path, None)


# Attachment names and location data


# The first bytes of each type the form takes (reports.forms: nothing else is sealed).
CONTENT = {
    ".jpg": b"\xff\xd8\xff\xe0 a JPEG",
    ".png": b"\x89PNG\r\n\x1a\n a PNG",
    ".gif": b"GIF89a a GIF",
    ".webp": b"RIFF\x00\x00\x00\x00WEBP a WebP",
    ".pdf": b"%PDF-1.7 a PDF",
}


def test_attachment_names_are_made_safe_and_unique():
    names = offline.safe_attachment_names(
        [
            ("../../etc/passwd", CONTENT[".pdf"]),
            (".htaccess", CONTENT[".pdf"]),
            ("a/b\\c.pdf", CONTENT[".pdf"]),
            ("photo.jpg", CONTENT[".jpg"]),
            ("photo.jpg", CONTENT[".jpg"]),
            ("PHOTO.JPG", CONTENT[".jpg"]),
            ("", CONTENT[".png"]),
            ("...", CONTENT[".png"]),
            ("report.txt", CONTENT[".pdf"]),
            ("tab\there <b>.png", CONTENT[".png"]),
            ("x" * 300 + ".jpeg", CONTENT[".jpg"]),
            ("CON.pdf", CONTENT[".pdf"]),
            ("Überweisung März.pdf", CONTENT[".pdf"]),
            ("a.name with a dot but no extension", CONTENT[".webp"]),
            ("\N{GRINNING FACE}.jpg", CONTENT[".jpg"]),  # was "jpg.jpg"
        ]
    )
    assert names == [
        "passwd.pdf",
        "htaccess.pdf",
        "c.pdf",
        "photo.jpg",
        "photo (2).jpg",
        "PHOTO (3).JPG",
        "attachment-7.png",
        "attachment-8.png",
        "report.pdf",
        "tab_here _b_.png",
        "x" * 115 + ".jpeg",
        "_CON.pdf",
        "Überweisung März.pdf",
        "a.name with a dot but no extension.webp",
        "attachment-15.jpg",
    ]


def test_an_attachment_is_named_by_what_it_is_not_by_what_it_was_called():
    """A GIF may start a script or a web page: sent as evidence.js or photo.html, it was
    written under that name, and ran when the handler opened it."""
    names = offline.safe_attachment_names(
        [
            ("evidence.js", CONTENT[".gif"] + b"=1;WScript.Echo(1)"),
            ("photo.html", CONTENT[".gif"] + b"<script>alert(1)</script>"),
            ("scan.jpeg.exe", CONTENT[".jpg"]),
            ("page.PDF", CONTENT[".pdf"]),
            ("picture.webp", CONTENT[".webp"]),
            ("notes.txt", b"neither a picture nor a PDF"),
        ]
    )

    assert names == [
        "evidence.gif",
        "photo.gif",
        "scan.jpeg.jpg",
        "page.PDF",
        "picture.webp",
        "notes.bin",
    ]


@pytest.mark.parametrize("order", [b"MM", b"II"])
def test_an_exif_gps_pointer_is_found_in_jpeg_png_and_webp(order):
    with_gps = tiff(order, tags=(0x010F, GPS))
    without = tiff(order, tags=(0x010F, 0x0110))
    for make in (jpeg, png, webp):
        assert offline.has_location_data(make(with_gps)), make.__name__
        assert not offline.has_location_data(make(without)), make.__name__
        assert not offline.has_location_data(make()), make.__name__
    assert offline.has_location_data(with_gps)


def raw_profile_png(exif, kind=b"zTXt", keyword=b"Raw profile type exif"):
    """A PNG with its Exif as ImageMagick and exiftool write it: hexadecimal in a text
    chunk, after a line naming it and one giving its length."""
    profile = b"Exif\x00\x00" + exif
    digits = binascii.hexlify(profile)
    text = b"\nexif\n" + str(len(profile)).rjust(8).encode() + b"\n"
    text += b"\n".join(digits[i : i + 72] for i in range(0, len(digits), 72)) + b"\n"
    data = keyword + b"\0" + (b"\0" + zlib.compress(text) if kind == b"zTXt" else text)

    def chunk(name, body):
        return struct.pack(">I", len(body)) + name + body + b"\x00\x00\x00\x00"

    head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", bytes(13))
    return head + chunk(kind, data) + chunk(b"IDAT", b"\x00" * 10) + chunk(b"IEND", b"")


@pytest.mark.parametrize("kind", [b"zTXt", b"tEXt"])
def test_a_png_s_exif_kept_as_a_raw_profile_is_read_too(kind):
    assert offline.has_location_data(raw_profile_png(tiff(tags=(0x010F, GPS)), kind))
    assert not offline.has_location_data(raw_profile_png(tiff(tags=(0x010F,)), kind))
    assert not offline.has_location_data(
        raw_profile_png(tiff(tags=(GPS,)), kind, keyword=b"Comment")
    )


def test_truncated_or_strange_files_are_not_taken_for_images_with_location():
    whole = jpeg(tiff(tags=(GPS,)))
    for cut in range(len(whole)):
        offline.has_location_data(whole[:cut])  # never raises
    assert not offline.has_location_data(b"%PDF-1.7 GPS")


# The open command


def test_open_writes_each_report_and_its_attachments(tmp_path, capsys):
    private_key, key_path = new_key(tmp_path)
    photo = jpeg(tiff(tags=(GPS,)))
    plain = jpeg(tiff(tags=(0x010F,)))
    rows = [
        row(
            private_key,
            "ABCD-0001",
            {
                "what_happened": "Something odd.",
                "contact_details": "",
                "when_where": "A \x1b[2Jvan \u202enur\u202c",
            },
            [
                ("photo.jpg", "image/jpeg", photo),
                ("../../etc/passwd", "text/plain", b"root"),
                ("photo.jpg", "image/jpeg", plain),
            ],
        ),
        row(private_key, "ABCD-0002"),
    ]

    status, outdir = run_open(tmp_path, export_file(tmp_path, rows), key_path)

    assert status == 0
    folder = outdir / "ABCD-0001"
    assert sorted(p.name for p in folder.iterdir()) == [
        "passwd.bin",  # neither a picture nor a PDF: opened by no program
        "photo (2).jpg",
        "photo.jpg",
        "report.txt",
    ]
    assert (folder / "photo.jpg").read_bytes() == photo
    assert (folder / "passwd.bin").read_bytes() == b"root"
    assert not (tmp_path / "etc").exists()
    text = (folder / "report.txt").read_text()
    assert "Reference: ABCD-0001" in text
    assert HOUR in text
    assert "What happened\n-------------\nSomething odd.\n" in text
    assert "Contact details\n---------------\n(left empty)\n" in text
    assert (
        "When and where it happened\n--------------------------\nA \ufffd[2Jvan \ufffdnur\ufffd"
        in text
    )  # no escape sequence reaches a terminal, no text is shown reversed
    assert 'sent as "../../etc/passwd"' in text
    assert "WARNING: photo.jpg carries location data" in text
    assert "photo (2).jpg carries location" not in text
    assert (outdir / "ABCD-0002" / "report.txt").exists()
    captured = capsys.readouterr()
    assert "photo.jpg carries location data" in captured.err
    assert "photo (2).jpg carries" not in captured.err
    assert "2 reports in the export: 2 opened, 0 skipped, 0 swapped or forged, 0 failed." in (
        captured.out
    )


def test_a_renamed_attachment_s_original_name_reads_as_it_was_sent(tmp_path):
    """Written as JSON escapes, a Cyrillic name read "\\u0444\\u043e..."; text that
    reorders or acts on a terminal still never reaches report.txt."""
    private_key, key_path = new_key(tmp_path)
    sent = [("фото «доказ».txt", "text/plain", b"a"), ("x\u202egpj.exe\x1b[2J", "text/plain", b"b")]
    rows = [row(private_key, "ABCD-0003", attachments=sent)]

    status, outdir = run_open(tmp_path, export_file(tmp_path, rows), key_path)

    assert status == 0
    text = (outdir / "ABCD-0003" / "report.txt").read_text()
    assert 'sent as "фото «доказ».txt"' in text
    assert 'sent as "x?gpj.exe?[2J"' in text
    assert "\\u" not in text


def test_swapped_rows_are_detected_and_not_written(tmp_path, capsys):
    private_key, key_path = new_key(tmp_path)
    rows = [row(private_key, f"ABCD-000{n}") for n in (1, 2, 3)]
    rows[0]["ciphertext"], rows[1]["ciphertext"] = rows[1]["ciphertext"], rows[0]["ciphertext"]

    status, outdir = run_open(tmp_path, export_file(tmp_path, rows), key_path)

    assert status == 1
    assert sorted(p.name for p in outdir.iterdir()) == ["ABCD-0003"]
    captured = capsys.readouterr()
    assert captured.err.count("swapped or forged") == 2
    assert "1 opened, 0 skipped, 2 swapped or forged" in captured.out


def test_a_report_with_another_hour_inside_is_detected(tmp_path, capsys):
    private_key, key_path = new_key(tmp_path)
    moved = row(private_key, "ABCD-0001")
    moved["received_hour"] = "2026-12-04T18:00Z"

    status, outdir = run_open(tmp_path, export_file(tmp_path, [moved]), key_path)

    assert status == 1
    assert list(outdir.iterdir()) == []
    assert "swapped or forged" in capsys.readouterr().err


def test_forged_ciphertexts_are_rejected_and_the_others_written(tmp_path, capsys):
    private_key, key_path = new_key(tmp_path)
    attacker = nacl.public.PrivateKey.generate()
    random_bytes = row(private_key, "ABCD-0001", ciphertext=os.urandom(16384 + 48))
    # Sealed to another key, while claiming the real key's fingerprint.
    other_key = row(
        private_key,
        "ABCD-0002",
        ciphertext=offline.seal_report(public_of(attacker), "ABCD-0002", HOUR, {"a": "b"}, []),
    )
    genuine = row(private_key, "ABCD-0003")

    status, outdir = run_open(
        tmp_path, export_file(tmp_path, [random_bytes, other_key, genuine]), key_path
    )

    assert status == 1
    assert sorted(p.name for p in outdir.iterdir()) == ["ABCD-0003"]
    captured = capsys.readouterr()
    assert captured.err.count("forged or damaged") == 2
    assert "Traceback" not in captured.err


def test_forged_rows_that_read_strangely_leave_nothing_and_the_others_are_written(tmp_path, capsys):
    """Found by a probe: a forged header nested past Python's depth stopped the export
    with a traceback, the reports after it never opened; one holding half a character
    left an empty folder that every later run skipped."""
    private_key, key_path = new_key(tmp_path)
    public = public_of(private_key)
    deep = sealed_plaintext(public, struct.pack(">I", 10_000) + b"[" * 5000 + b"]" * 5000)
    half = {
        "version": 1,
        "reference": "ABCD-0002",
        "received_hour": HOUR,
        "fields": {"what_happened": "\ud800"},
        "attachments": [],
    }
    rows = [
        row(private_key, "ABCD-0001", ciphertext=deep),
        row(private_key, "ABCD-0002", ciphertext=sealed_plaintext(public, plaintext(half))),
        row(private_key, "ABCD-0003"),
    ]

    status, outdir = run_open(tmp_path, export_file(tmp_path, rows), key_path)

    assert status == 1
    assert sorted(p.name for p in outdir.iterdir()) == ["ABCD-0003"]
    captured = capsys.readouterr()
    assert captured.err.count("forged or damaged") == 2
    assert "Traceback" not in captured.err


def test_a_key_file_cut_short_is_not_left_behind(tmp_path, capsys):
    """Found by a probe on a full disk: a key file of 0 bytes stayed, which opens nothing
    and which a rerun refused to replace; the error did not name it."""
    path = tmp_path / "key.json"

    with files_at_most(10):
        status = offline.main(["keygen", str(path), "--no-passphrase"])

    assert status == 2
    assert not path.exists()
    said = capsys.readouterr().err
    assert f"cannot write {path}" in said and "nothing was kept" in said
    assert offline.main(["keygen", str(path), "--no-passphrase"]) == 0  # room again
    assert offline.private_key_info(path)["protection"] == "none"


def test_reports_for_a_missing_key_are_skipped_and_older_keys_open_theirs(
    tmp_path, monkeypatch, capsys
):
    new_private, new_path = new_key(tmp_path, "new.json")
    old_private, old_path = new_key(tmp_path, "old.json", passphrase=b"old passphrase")
    unknown = nacl.public.PrivateKey.generate()
    export = export_file(
        tmp_path,
        [row(new_private, "NEWK-0001"), row(old_private, "OLDK-0001"), row(unknown, "UNKN-0001")],
    )

    status, outdir = run_open(tmp_path, export, new_path)
    assert status == 1
    assert sorted(p.name for p in outdir.iterdir()) == ["NEWK-0001"]
    assert capsys.readouterr().err.count("no key with fingerprint") == 2

    shutil.rmtree(outdir)
    monkeypatch.setenv(offline.PASSPHRASE_ENV, "old passphrase")
    status, outdir = run_open(tmp_path, export, new_path, old_path)
    assert status == 1
    assert sorted(p.name for p in outdir.iterdir()) == ["NEWK-0001", "OLDK-0001"]
    assert offline.fingerprint(public_of(unknown)) in capsys.readouterr().err


def test_open_asks_for_each_protected_keys_passphrase(tmp_path, monkeypatch, capsys):
    private_key, key_path = new_key(tmp_path, passphrase="pässword".encode())
    asked = []
    monkeypatch.setattr(
        offline.getpass, "getpass", lambda prompt: asked.append(prompt) or "pässword"
    )

    status, outdir = run_open(
        tmp_path, export_file(tmp_path, [row(private_key, "ABCD-0001")]), key_path
    )

    assert status == 0
    assert len(asked) == 1
    assert str(key_path) in asked[0]
    assert (outdir / "ABCD-0001" / "report.txt").exists()


def test_a_wrong_passphrase_stops_with_one_line_and_status_2(tmp_path, monkeypatch, capsys):
    private_key, key_path = new_key(tmp_path, passphrase=b"right")
    monkeypatch.setenv(offline.PASSPHRASE_ENV, "wrong")

    status, outdir = run_open(
        tmp_path, export_file(tmp_path, [row(private_key, "ABCD-0001")]), key_path
    )

    assert status == 2
    assert not outdir.exists()
    err = capsys.readouterr().err
    assert err.startswith("error: wrong passphrase for")
    assert err.count("\n") == 1


def test_an_existing_report_folder_is_skipped_not_overwritten(tmp_path, capsys):
    private_key, key_path = new_key(tmp_path)
    export = export_file(tmp_path, [row(private_key, "ABCD-0001")])
    (tmp_path / "out" / "ABCD-0001").mkdir(parents=True)
    (tmp_path / "out" / "ABCD-0001" / "report.txt").write_text("handled already")

    status, outdir = run_open(tmp_path, export, key_path)

    assert status == 1
    assert (outdir / "ABCD-0001" / "report.txt").read_text() == "handled already"
    assert "already exists" in capsys.readouterr().err


def test_a_report_whose_reference_is_not_a_folder_name_is_not_written(tmp_path, capsys):
    private_key, key_path = new_key(tmp_path)
    body = plaintext(
        {
            "version": 1,
            "reference": "../escape",
            "received_hour": HOUR,
            "fields": {},
            "attachments": [],
        }
    )
    bad = row(private_key, "../escape", ciphertext=sealed_plaintext(public_of(private_key), body))

    status, outdir = run_open(tmp_path, export_file(tmp_path, [bad]), key_path)

    assert status == 1
    assert list(outdir.iterdir()) == []
    assert not (tmp_path / "escape").exists()
    assert "not a usable folder name" in capsys.readouterr().err


def test_a_file_that_is_not_an_export_stops_with_status_2(tmp_path, capsys):
    _private_key, key_path = new_key(tmp_path)
    export = tmp_path / "export.json"
    export.write_text('{"format": "portal-reports-export", "version": 9, "reports": []}')

    status, _outdir = run_open(tmp_path, export, key_path)

    assert status == 2
    assert capsys.readouterr().err == (
        "error: export version 9 is not supported (this tool reads version 1)\n"
    )


# The keygen command


def test_keygen_with_a_passphrase_asks_twice(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(offline, "KEY_OPSLIMIT", FAST["opslimit"])
    monkeypatch.setattr(offline, "KEY_MEMLIMIT", FAST["memlimit"])
    answers = iter(["secret words", "secret words"])
    monkeypatch.setattr(offline.getpass, "getpass", lambda prompt: next(answers))
    path = tmp_path / "key.json"

    assert offline.main(["keygen", str(path)]) == 0

    (public,) = offline.parse_public_keys(capsys.readouterr().out)
    loaded = offline.load_private_key(path, b"secret words")
    assert public_of(loaded) == public


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (["", ""], "empty passphrase"),
        (["hunter2", "hunter2"], "at least 12 characters"),
        (["one long phrase", "two long phrases"], "differ"),
    ],
)
def test_keygen_refuses_an_empty_short_or_mistyped_passphrase(
    tmp_path, monkeypatch, capsys, answers, message
):
    replies = iter(answers)
    monkeypatch.setattr(offline.getpass, "getpass", lambda prompt: next(replies))
    path = tmp_path / "key.json"

    assert offline.main(["keygen", str(path)]) == 2

    assert not path.exists()
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err


def clean_environment():
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", offline.PASSPHRASE_ENV)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def test_keygen_without_a_passphrase_from_the_command_line(tmp_path):
    path = tmp_path / "key.json"
    command = [sys.executable, str(OFFLINE_PY), "keygen", str(path), "--no-passphrase"]

    done = subprocess.run(command, capture_output=True, text=True, env=clean_environment())

    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert done.stdout.count("\n") == 1
    (public,) = offline.parse_public_keys(done.stdout)
    assert public_of(offline.load_private_key(path, None)) == public

    before = path.read_bytes()
    again = subprocess.run(command, capture_output=True, text=True, env=clean_environment())
    assert again.returncode == 2
    assert again.stdout == ""
    assert "already exists" in again.stderr
    assert "Traceback" not in again.stderr
    assert path.read_bytes() == before


# Running alone


def test_offline_py_copied_alone_keygens_and_opens(tmp_path):
    alone = tmp_path / "machine"
    alone.mkdir()
    shutil.copy(OFFLINE_PY, alone / "offline.py")

    def run(*args):
        # -I: neither the working folder nor PYTHONPATH is searched for modules.
        return subprocess.run(
            [sys.executable, "-I", "offline.py", *args],
            cwd=alone,
            capture_output=True,
            text=True,
            env=clean_environment(),
        )

    made = run("keygen", "key.json", "--no-passphrase")
    assert made.returncode == 0, made.stderr
    (public,) = offline.parse_public_keys(made.stdout)
    ciphertext = offline.seal_report(public, "ABCD-0001", HOUR, {"what_happened": "x"}, [])
    with open(alone / "export.json", "wb") as handle:
        offline.write_export(
            [
                {
                    "reference": "ABCD-0001",
                    "received_hour": HOUR,
                    "key_fingerprint": offline.fingerprint(public),
                    "ciphertext": ciphertext,
                }
            ],
            handle,
            "2026-12-05T09:30:00Z",
        )

    opened = run("open", "export.json", "key.json", "out")

    assert opened.returncode == 0, opened.stderr
    assert "What happened\n" in (alone / "out" / "ABCD-0001" / "report.txt").read_text()


def test_running_as_a_module_imports_nothing_of_django_or_the_project(tmp_path):
    project_packages = sorted(
        path.name for path in ROOT.iterdir() if (path / "__init__.py").exists()
    )
    script = (
        "import runpy, sys\n"
        f"sys.argv = ['offline', 'keygen', {str(tmp_path / 'key.json')!r}, '--no-passphrase']\n"
        "try:\n"
        "    runpy.run_module('reports.offline', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "loaded = {name.split('.')[0] for name in sys.modules}\n"
        f"unwanted = loaded & ({set(project_packages) - {'reports'}!r} | {{'django', 'wagtail'}})\n"
        "assert not unwanted, unwanted\n"
        "print('imports ok', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=clean_environment(),
    )
    assert done.returncode == 0, done.stderr
    assert "imports ok" in done.stderr
    assert offline.parse_public_keys(done.stdout)

    module = subprocess.run(
        [sys.executable, "-m", "reports.offline", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=clean_environment(),
    )
    assert module.returncode == 0
    assert "keygen" in module.stdout
