"""Sealed reports from the public "Report information" form: the format and the offline tool.

This one file is both the format library that the web server imports (so the format is
written down once) and the tool that runs on the offline machine, where it may be the only
file of the project. It therefore imports the Python standard library and PyNaCl, nothing
else: no Django and no other module of the project.

On the offline machine::

    python3 offline.py keygen reports-key.json
    python3 offline.py open export.json reports-key.json opened/ [--key older-key.json ...]

docs/reports.md describes the whole procedure and the file formats.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import datetime
import getpass
import hashlib
import json
import os
import re
import shutil
import struct
import sys
import unicodedata
import zlib

try:
    import nacl.exceptions
    import nacl.public
    import nacl.pwhash.argon2id
    import nacl.secret
    import nacl.utils
except ImportError:  # pragma: no cover - only on a machine set up without PyNaCl
    if __name__ == "__main__":
        sys.exit(
            "offline.py needs PyNaCl: install it from a wheel (python3 -m pip install "
            "PyNaCl-*.whl), see docs/reports.md"
        )
    raise

PUBLIC_KEY_BYTES = 32

# What is sealed: a 4-byte big-endian header length, a UTF-8 JSON header, then the
# attachments' bytes one after the other.
PLAINTEXT_VERSION = 1
EXPORT_FORMAT = "portal-reports-export"
EXPORT_VERSION = 1
KEY_FILE_FORMAT = "portal-reports-private-key"
KEY_FILE_VERSION = 1

# Padded plaintexts are 16 KiB times a power of two, so a ciphertext's length says which
# bucket a report fell in and nothing finer about what was written or attached.
PAD_BLOCK = 16 * 1024
SEAL_OVERHEAD = 48  # the sealed box's ephemeral public key and authentication tag

# The private key file's passphrase is stretched with Argon2id at libsodium's SENSITIVE
# limits (4 passes over 1 GiB). The file is the one secret that opens every report ever
# received, and anyone who copies it (or a backup of it) can guess passphrases offline for
# as long as they like. The cost is paid rarely (once per key each time reports are
# opened) on a machine that does nothing else, so a few seconds and 1 GiB of memory are
# affordable there; MODERATE would make each guess about eight times cheaper for little
# gain. The limits used are stored in the file, so these may be raised later.
KEY_OPSLIMIT = nacl.pwhash.argon2id.OPSLIMIT_SENSITIVE
KEY_MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_SENSITIVE

# References are random, made by the server; on the offline machine each one names a
# folder, so only this shape is ever accepted.
REFERENCE_PATTERN = re.compile(r"[A-Z0-9-]{4,40}")

PASSPHRASE_ENV = "REPORTS_PASSPHRASE"  # noqa: S105 - the variable's name, not a secret

# What an attachment must start with (its "magic bytes"), whatever its name says: the
# form takes these types alone (reports.forms), and the tool names each file it writes
# by them, with the extensions of its type (the first where its name has none of them).
SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
    b"%PDF-": "application/pdf",
}
EXTENSIONS = {
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/pdf": (".pdf",),
}
# Content of none of those types (an export made by other means): no program opens it.
UNKNOWN_EXTENSION = ".bin"

REPORT_FILE_NAME = "report.txt"
_NAME_BYTES_LIMIT = 120
_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(1, 10)),
    *(f"LPT{n}" for n in range(1, 10)),
}


class ReportError(Exception):
    """A report, export or key file that cannot be used as it is, with the reason."""


# Public keys ----------------------------------------------------------------------------


def parse_public_keys(text: str) -> list[bytes]:
    """The keys of a REPORTS_PUBLIC_KEY value: base64 keys separated by commas or spaces.

    The first key is the one new reports are sealed to; the others are kept during a key
    rotation. Repeated keys are listed once.
    """
    parts = [part for part in re.split(r"[\s,]+", text or "") if part]
    if not parts:
        raise ValueError(
            "no public key given: expected one or more base64 keys separated by commas or spaces"
        )
    keys: list[bytes] = []
    for number, part in enumerate(parts, 1):
        shown = part if len(part) <= 12 else part[:12] + "..."
        try:
            raw = base64.b64decode(part, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(
                f"public key {number} ({shown!r}) is not valid standard base64"
            ) from None
        if len(raw) != PUBLIC_KEY_BYTES:
            raise ValueError(
                f"public key {number} ({shown!r}) is {len(raw)} bytes long, not {PUBLIC_KEY_BYTES}"
            )
        try:
            # The right length is not enough: nothing seals to a weak point (32 zero
            # bytes, say), and every report sent would fail.
            nacl.public.SealedBox(nacl.public.PublicKey(raw)).encrypt(b"check")
        except nacl.exceptions.CryptoError:
            raise ValueError(
                f"public key {number} ({shown!r}) is no key a report can be sealed to"
            ) from None
        if raw not in keys:
            keys.append(raw)
    return keys


def format_public_key(raw: bytes) -> str:
    raw = bytes(raw)
    if len(raw) != PUBLIC_KEY_BYTES:
        raise ValueError(f"a public key is {PUBLIC_KEY_BYTES} bytes, not {len(raw)}")
    return base64.b64encode(raw).decode("ascii")


def throwaway_public_key() -> str:
    """A new public key whose private half is dropped at once: for places that must name
    a key but whose reports nobody will open (deployment checks, benchmarks, test servers)."""
    return format_public_key(bytes(nacl.public.PrivateKey.generate().public_key))


def fingerprint(public_key: bytes) -> str:
    """Names a key without giving it: stored beside each report to pick the key to open it."""
    return hashlib.sha256(bytes(public_key)).hexdigest()[:32]


def format_received_hour(moment: datetime.datetime) -> str:
    """The hour a report arrived, in UTC, as sealed and exported (e.g. "2026-12-04T16:00Z").

    The offline tool compares the sealed hour with the exported one as strings, so the
    server should make both with this.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the time a report was received must be timezone-aware")
    # datetime.UTC would need Python 3.11; the offline machine may have an older Python.
    utc = datetime.timezone.utc  # noqa: UP017
    return moment.astimezone(utc).strftime("%Y-%m-%dT%H:00Z")


def is_valid_reference(reference: object) -> bool:
    return isinstance(reference, str) and REFERENCE_PATTERN.fullmatch(reference) is not None


# Sealing and opening --------------------------------------------------------------------


def padded_size(length: int) -> int:
    """The size a plaintext of `length` bytes is padded to (always at least one byte more)."""
    if length < 0:
        raise ValueError("a length cannot be negative")
    size = PAD_BLOCK
    while size < length + 1:
        size *= 2
    return size


def _is_bucket(size: int) -> bool:
    blocks, remainder = divmod(size, PAD_BLOCK)
    return remainder == 0 and blocks > 0 and blocks & (blocks - 1) == 0


def seal_report(
    public_key: bytes,
    reference: str,
    received_hour: str,
    fields: dict[str, str],
    attachments: list[tuple[str, str, bytes]],
) -> bytes:
    """Encrypt one report so that only the holder of the matching private key can read it."""
    public_key = bytes(public_key)
    if len(public_key) != PUBLIC_KEY_BYTES:
        raise ValueError(f"a public key is {PUBLIC_KEY_BYTES} bytes, not {len(public_key)}")
    if not is_valid_reference(reference):
        # The offline tool would refuse it as a folder name, so refuse it here, where the
        # mistake can still be fixed.
        raise ValueError(f"reference {reference!r} does not match {REFERENCE_PATTERN.pattern}")
    if not isinstance(received_hour, str):
        raise ValueError("received_hour must be a string such as '2026-12-04T16:00Z'")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items()):
        raise ValueError("fields must map names (strings) to texts (strings)")

    described = []
    bodies = []
    for item in attachments:
        name, content_type, data = item
        if not isinstance(name, str) or not isinstance(content_type, str):
            raise ValueError("an attachment's name and content type must be strings")
        data = bytes(data)
        described.append({"name": name, "content_type": content_type, "size": len(data)})
        bodies.append(data)

    header = {
        "version": PLAINTEXT_VERSION,
        "reference": reference,
        "received_hour": received_hour,
        "fields": dict(fields),
        "attachments": described,
    }
    try:
        header_bytes = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
    except UnicodeEncodeError:
        raise ValueError("a field or file name is not valid Unicode text") from None

    plaintext = bytearray(struct.pack(">I", len(header_bytes)))
    plaintext += header_bytes
    for data in bodies:
        plaintext += data
    unpadded = len(plaintext)
    plaintext.append(0x80)
    plaintext += bytes(padded_size(unpadded) - unpadded - 1)
    return nacl.public.SealedBox(nacl.public.PublicKey(public_key)).encrypt(bytes(plaintext))


def _unpad(padded: bytes) -> memoryview:
    if not _is_bucket(len(padded)):
        raise ReportError(f"bad padding: {len(padded)} bytes is not a padding bucket")
    end = len(padded)
    while end > 0 and padded[end - 1] == 0:
        end -= 1
    if end == 0 or padded[end - 1] != 0x80:
        raise ReportError("bad padding: no 0x80 marker before the zero bytes")
    length = end - 1
    if padded_size(length) != len(padded):
        raise ReportError("bad padding: padded beyond the report's bucket")
    return memoryview(padded)[:length]


def _check_header(header: object) -> dict:
    if not isinstance(header, dict):
        raise ReportError("the header is not a JSON object")
    version = header.get("version")
    if type(version) is not int or version != PLAINTEXT_VERSION:
        raise ReportError(
            f"unknown report version {version!r} (this tool reads version {PLAINTEXT_VERSION})"
        )
    for name in ("reference", "received_hour"):
        if not isinstance(header.get(name), str):
            raise ReportError(f"the header's {name!r} is missing or not a string")
    fields = header.get("fields")
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        raise ReportError("the header's 'fields' is not an object of texts")
    attachments = header.get("attachments")
    if not isinstance(attachments, list):
        raise ReportError("the header's 'attachments' is not a list")
    for meta in attachments:
        if (
            not isinstance(meta, dict)
            or not isinstance(meta.get("name"), str)
            or not isinstance(meta.get("content_type"), str)
            or type(meta.get("size")) is not int
            or meta["size"] < 0
        ):
            raise ReportError("an attachment's description is malformed")
    return header


def open_report(private_key: nacl.public.PrivateKey, ciphertext: bytes) -> dict:
    """Decrypt and check one report.

    Returns the sealed header (version, reference, received_hour, fields) with
    "attachments" as a list of (description, bytes) pairs.
    """
    try:
        padded = nacl.public.SealedBox(private_key).decrypt(bytes(ciphertext))
    except nacl.exceptions.CryptoError:
        raise ReportError(
            "cannot be decrypted with this key: forged, damaged or sealed to another key"
        ) from None
    body = _unpad(padded)
    if len(body) < 4:
        raise ReportError("too short to hold a header")
    (header_length,) = struct.unpack_from(">I", body)
    if header_length > len(body) - 4:
        raise ReportError("the header length runs past the end of the report")
    try:
        header = json.loads(bytes(body[4 : 4 + header_length]).decode("utf-8"))
        # Half of a character written out in two (a lone surrogate) reads, but no file
        # can be written with it: only a forged report holds one.
        json.dumps(header, ensure_ascii=False).encode("utf-8")
    except (UnicodeError, ValueError, RecursionError):
        raise ReportError("the header is not valid UTF-8 JSON") from None
    header = _check_header(header)

    position = 4 + header_length
    if sum(meta["size"] for meta in header["attachments"]) != len(body) - position:
        raise ReportError("the attachments' sizes do not add up to the data that follows")
    opened = []
    for meta in header["attachments"]:
        opened.append((meta, bytes(body[position : position + meta["size"]])))
        position += meta["size"]
    return {**header, "attachments": opened}


# Export files ---------------------------------------------------------------------------


def write_export(rows, fileobj, exported_at: str) -> int:
    """Write rows (reference, received_hour, key_fingerprint, ciphertext) as one JSON document.

    Rows are written one at a time, so a large export is never held in memory whole.
    Returns how many were written.
    """
    head = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported_at": exported_at}
    opening = json.dumps(head)[:-1] + ', "reports": ['
    fileobj.write(opening.encode("ascii"))
    count = 0
    for row in rows:
        for name in ("reference", "received_hour", "key_fingerprint"):
            if not isinstance(row[name], str):
                raise ValueError(f"an exported row's {name} must be a string")
        entry = {
            "reference": row["reference"],
            "received_hour": row["received_hour"],
            "key_fingerprint": row["key_fingerprint"],
            # bytes(), because PostgreSQL hands binary columns back as memoryview.
            "ciphertext": base64.b64encode(bytes(row["ciphertext"])).decode("ascii"),
        }
        fileobj.write(((",\n" if count else "\n") + json.dumps(entry)).encode("ascii"))
        count += 1
    fileobj.write(b"\n]}\n")
    return count


def read_export(fileobj) -> list[dict]:
    """The rows of an export file, with each ciphertext decoded back to bytes."""
    try:
        document = json.loads(fileobj.read())
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ReportError("not a reports export: the file is not JSON") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ReportError(f"not a reports export: its format is not {EXPORT_FORMAT!r}")
    version = document.get("version")
    if type(version) is not int or version != EXPORT_VERSION:
        raise ReportError(
            f"export version {version!r} is not supported (this tool reads version "
            f"{EXPORT_VERSION})"
        )
    entries = document.get("reports")
    if not isinstance(entries, list):
        raise ReportError("the export's 'reports' is not a list")
    rows = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(name), str)
            for name in ("reference", "received_hour", "key_fingerprint", "ciphertext")
        ):
            raise ReportError(f"report {number} of the export is malformed")
        try:
            ciphertext = base64.b64decode(entry["ciphertext"], validate=True)
        except (binascii.Error, ValueError):
            raise ReportError(f"report {number} of the export: ciphertext is not base64") from None
        rows.append(
            {
                "reference": entry["reference"],
                "received_hour": entry["received_hour"],
                "key_fingerprint": entry["key_fingerprint"],
                "ciphertext": ciphertext,
            }
        )
    return rows


# Private key files ----------------------------------------------------------------------


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def write_private_key(
    path,
    private_key: nacl.public.PrivateKey,
    passphrase: bytes | None,
    *,
    opslimit: int | None = None,
    memlimit: int | None = None,
) -> None:
    """Write a new key file readable by its owner only; an existing file is never replaced.

    With a passphrase the key is encrypted under an Argon2id-derived key (opslimit and
    memlimit default to KEY_OPSLIMIT and KEY_MEMLIMIT); with None it is stored as is.
    """
    public = bytes(private_key.public_key)
    document: dict[str, object] = {
        "format": KEY_FILE_FORMAT,
        "version": KEY_FILE_VERSION,
        "public_key": format_public_key(public),
        "fingerprint": fingerprint(public),
    }
    if passphrase is None:
        document.update(protection="none", key=_b64(bytes(private_key)))
    else:
        if not passphrase:
            raise ValueError("an empty passphrase protects nothing")
        opslimit = KEY_OPSLIMIT if opslimit is None else opslimit
        memlimit = KEY_MEMLIMIT if memlimit is None else memlimit
        salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
        secret = nacl.pwhash.argon2id.kdf(
            nacl.secret.SecretBox.KEY_SIZE, passphrase, salt, opslimit=opslimit, memlimit=memlimit
        )
        document.update(
            protection="argon2id",
            salt=_b64(salt),
            opslimit=opslimit,
            memlimit=memlimit,
            key=_b64(bytes(nacl.secret.SecretBox(secret).encrypt(bytes(private_key)))),
        )
    data = (json.dumps(document, indent=2) + "\n").encode("ascii")
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ReportError(f"{path} already exists: a key file is never overwritten") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:
        # A key file cut short (a full disk) opens nothing, and a rerun would refuse to
        # replace it: it goes.
        os.unlink(path)
        if isinstance(exc, OSError):
            raise ReportError(f"cannot write {path}: {exc.strerror}; nothing was kept") from None
        raise


def private_key_info(path) -> dict:
    """What a key file says openly: its public key, fingerprint and protection."""
    try:
        with open(path, "rb") as handle:
            document = json.loads(handle.read())
    except OSError as exc:
        raise ReportError(f"cannot read key file {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ReportError(f"{path} is not a key file (not JSON)") from None
    if not isinstance(document, dict) or document.get("format") != KEY_FILE_FORMAT:
        raise ReportError(f"{path} is not a reports private key file")
    if document.get("version") != KEY_FILE_VERSION:
        raise ReportError(
            f"{path}: key file version {document.get('version')!r} is not supported "
            f"(this tool reads version {KEY_FILE_VERSION})"
        )
    try:
        (public,) = parse_public_keys(str(document.get("public_key", "")))
    except ValueError as exc:
        raise ReportError(f"{path}: {exc}") from None
    if document.get("fingerprint") != fingerprint(public):
        raise ReportError(f"{path}: the fingerprint does not match the public key")
    if document.get("protection") not in ("none", "argon2id"):
        raise ReportError(f"{path}: unknown protection {document.get('protection')!r}")
    return {**document, "public_key": public}


def load_private_key(path, passphrase: bytes | None) -> nacl.public.PrivateKey:
    document = private_key_info(path)
    try:
        sealed_key = base64.b64decode(str(document.get("key", "")), validate=True)
        salt = base64.b64decode(str(document.get("salt", "")), validate=True)
    except (binascii.Error, ValueError):
        raise ReportError(f"{path}: the key or salt is not base64") from None

    if document["protection"] == "none":
        raw = sealed_key
    else:
        if passphrase is None:
            raise ReportError(f"{path} is protected by a passphrase, and none was given")
        opslimit, memlimit = document.get("opslimit"), document.get("memlimit")
        if type(opslimit) is not int or type(memlimit) is not int:
            raise ReportError(f"{path}: opslimit and memlimit must be whole numbers")
        try:
            secret = nacl.pwhash.argon2id.kdf(
                nacl.secret.SecretBox.KEY_SIZE,
                passphrase,
                salt,
                opslimit=opslimit,
                memlimit=memlimit,
            )
        except (nacl.exceptions.CryptoError, ValueError, MemoryError, RuntimeError) as exc:
            raise ReportError(
                f"{path}: cannot derive the key from the passphrase ({exc}); this needs "
                f"about {memlimit // 2**20} MiB of free memory"
            ) from None
        try:
            raw = nacl.secret.SecretBox(secret).decrypt(sealed_key)
        except nacl.exceptions.CryptoError:
            raise ReportError(f"wrong passphrase for {path} (or the key file is damaged)") from None

    if len(raw) != nacl.public.PrivateKey.SIZE:
        raise ReportError(f"{path}: the private key is {len(raw)} bytes long")
    private_key = nacl.public.PrivateKey(raw)
    if bytes(private_key.public_key) != document["public_key"]:
        raise ReportError(f"{path}: the private key does not match the public key beside it")
    return private_key


# Attachment names and location data -----------------------------------------------------


def _allowed_in_name(char: str) -> bool:
    return char in " ._-" or unicodedata.category(char)[0] in "LN"


def _truncate_utf8(text: str, limit: int) -> str:
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    return text


def sniffed_type(head: bytes) -> str | None:
    """The content type the first bytes of a file show (SIGNATURES, and WebP), or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def _safe_name(original: str, number: int, data: bytes) -> str:
    name = unicodedata.normalize("NFC", original or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char if _allowed_in_name(char) else "_" for char in name)
    name = re.sub(r"_{2,}", "_", re.sub(r" {2,}", " ", name))
    stem, extension = os.path.splitext(name.rstrip(" ."))
    # Stripped after the split: "😀.jpg", "_.jpg" by now, keeps its extension.
    stem = stem.lstrip(" ._")
    # Named by what it is, not by what its sender called it: a GIF sent as "evidence.js"
    # or "photo.html" (both start as a GIF may) would run as a script when opened.
    extensions = EXTENSIONS.get(sniffed_type(data[:16]), (UNKNOWN_EXTENSION,))
    if extension.lower() not in extensions:
        if len(extension.encode("utf-8")) > 20:  # no extension: a dot in the name
            stem = name
        extension = extensions[0]
    stem = _truncate_utf8(stem, _NAME_BYTES_LIMIT - len(extension.encode("utf-8"))).rstrip(" .")
    if not stem:
        return f"attachment-{number}{extension}"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        # Handlers may copy the folder to Windows, which will not create these.
        stem = "_" + stem
    return stem + extension


def safe_attachment_names(attachments: list[tuple[str, bytes]]) -> list[str]:
    """File names to write attachments (each its name as sent and its content) under, in
    order: no path parts, no leading dots, only letters, digits, spaces and ._-, limited
    in length, ending in an extension of the type the content shows, unique (case
    ignored, and never report.txt), e.g. "photo.jpg", "photo (2).jpg"; "attachment-N.pdf"
    when nothing of the name is left."""
    taken = {REPORT_FILE_NAME.casefold()}
    chosen = []
    for number, (original, data) in enumerate(attachments, 1):
        name = _safe_name(original, number, data)
        stem, extension = os.path.splitext(name)
        candidate, copy = name, 2
        while candidate.casefold() in taken:
            candidate = f"{stem} ({copy}){extension}"
            copy += 1
        taken.add(candidate.casefold())
        chosen.append(candidate)
    return chosen


def _tiff_has_gps(tiff: bytes) -> bool:
    """Whether a TIFF structure (as inside Exif) has a GPS IFD pointer in its first IFD."""
    if len(tiff) < 8:
        return False
    if tiff[:2] == b"II":
        order = "<"
    elif tiff[:2] == b"MM":
        order = ">"
    else:
        return False
    magic, offset = struct.unpack_from(order + "HI", tiff, 2)
    if magic != 42 or offset + 2 > len(tiff):
        return False
    (count,) = struct.unpack_from(order + "H", tiff, offset)
    for index in range(count):
        entry = offset + 2 + 12 * index
        if entry + 12 > len(tiff):
            break
        (tag,) = struct.unpack_from(order + "H", tiff, entry)
        if tag == 0x8825:
            return True
    return False


def _exif_payload_has_gps(payload: bytes) -> bool:
    # JPEG's APP1 always starts with "Exif\0\0"; some PNG and WebP writers copy it there too.
    if payload[:4] == b"Exif":
        payload = payload[6:]
    return _tiff_has_gps(payload)


def _xmp_has_gps(packet: bytes) -> bool:
    return b"GPSLatitude" in packet or b"GPSLongitude" in packet


def _jpeg_has_location(data: bytes) -> bool:
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return False
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, or the scan: metadata comes before
            return False
        (length,) = struct.unpack_from(">H", data, position + 2)
        if length < 2:
            return False
        if marker == 0xE1:
            payload = data[position + 4 : position + 2 + length]
            if payload[:4] == b"Exif" and _exif_payload_has_gps(payload):
                return True
            if payload.startswith(b"http://ns.adobe.com/xap/1.0/") and _xmp_has_gps(payload):
                return True
        position += 2 + length
    return False


def _png_has_location(data: bytes) -> bool:
    position = 8
    while position + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, position)
        start = position + 8
        if kind == b"eXIf" and _exif_payload_has_gps(data[start : start + length]):
            return True
        if kind == b"iTXt":
            chunk = data[start : start + length]
            if chunk.startswith(b"XML:com.adobe.xmp\0") and _xmp_has_gps(chunk):
                return True
        if kind in (b"tEXt", b"zTXt") and _raw_profile_has_gps(kind, data[start : start + length]):
            return True
        if kind == b"IEND":
            return False
        position = start + length + 4  # and the CRC
    return False


def _raw_profile_has_gps(kind: bytes, chunk: bytes) -> bool:
    """Exif kept as ImageMagick and exiftool write it in a PNG: a text chunk named "Raw
    profile type exif" (or "APP1") holding the profile in hexadecimal, after a line that
    names it and one that gives its length; compressed in a zTXt chunk."""
    keyword, _, text = chunk.partition(b"\0")
    if keyword not in (b"Raw profile type exif", b"Raw profile type APP1"):
        return False
    if kind == b"zTXt":
        try:
            text = zlib.decompressobj().decompress(text[1:], MAX_PROFILE_BYTES)
        except zlib.error:
            return False
    digits = b"".join(text.split(b"\n")[3:]).replace(b" ", b"")
    try:
        profile = binascii.unhexlify(digits[: len(digits) - len(digits) % 2])
    except binascii.Error:
        return False
    return _exif_payload_has_gps(profile)


# A raw profile is read this far at most (a compressed chunk could unpack to far more).
MAX_PROFILE_BYTES = 1 << 20


def _webp_has_location(data: bytes) -> bool:
    position = 12
    while position + 8 <= len(data):
        kind, length = struct.unpack_from("<4sI", data, position)
        chunk = data[position + 8 : position + 8 + length]
        if kind == b"EXIF" and _exif_payload_has_gps(chunk):
            return True
        if kind == b"XMP " and _xmp_has_gps(chunk):
            return True
        position += 8 + length + (length & 1)
    return False


def has_location_data(data: bytes) -> bool:
    """Whether an image says where it was taken: an Exif GPS block in a JPEG, PNG, WebP or
    TIFF file (told apart by their first bytes, not by the declared type), or GPS
    coordinates in its XMP. Other formats and other metadata are not looked at."""
    if data[:2] == b"\xff\xd8":
        return _jpeg_has_location(data)
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return _png_has_location(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_has_location(data)
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return _tiff_has_gps(data)
    return False


# The command-line tool ------------------------------------------------------------------


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _printable(text: str, limit: int = 80) -> str:
    """Text from a report made safe to show on a terminal (no escape sequences)."""
    shown = "".join(char if char.isprintable() else "?" for char in text)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _one_line(text: str) -> str:
    return "".join(char if char.isprintable() else " " for char in text)


def _passphrase_bytes(text: str) -> bytes:
    # Normalised, so accented letters match however the keyboard or system composed them.
    return unicodedata.normalize("NFC", text).encode("utf-8")


# Argon2id's cost slows each guess at a copied key file; a short passphrase needs few.
MIN_PASSPHRASE_CHARACTERS = 12


def _new_passphrase() -> bytes:
    from_environment = os.environ.get(PASSPHRASE_ENV)
    if from_environment:
        return _passphrase_bytes(_long_enough(from_environment))
    first = getpass.getpass("Passphrase for the new key: ")
    if not first:
        raise ReportError("an empty passphrase is refused (--no-passphrase writes no passphrase)")
    _long_enough(first)
    if getpass.getpass("The same passphrase again: ") != first:
        raise ReportError("the two passphrases differ: nothing was written")
    return _passphrase_bytes(first)


def _long_enough(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE_CHARACTERS:
        raise ReportError(
            f"a passphrase of at least {MIN_PASSPHRASE_CHARACTERS} characters is needed "
            "(a few words): whoever copies the key file can try short ones at leisure"
        )
    return passphrase


def _existing_passphrase(path, key_fingerprint: str) -> bytes:
    from_environment = os.environ.get(PASSPHRASE_ENV)
    if from_environment:
        return _passphrase_bytes(from_environment)
    return _passphrase_bytes(getpass.getpass(f"Passphrase for {path} (key {key_fingerprint}): "))


def _keygen(args) -> int:
    path = args.private_key_file
    if os.path.lexists(path):
        raise ReportError(f"{path} already exists: a key file is never overwritten")
    passphrase = None if args.no_passphrase else _new_passphrase()
    private_key = nacl.public.PrivateKey.generate()
    if passphrase is not None:
        _say("Deriving the key from the passphrase (a few seconds)...")
    write_private_key(path, private_key, passphrase)
    public = bytes(private_key.public_key)
    _say(f"Wrote the private key to {path} (readable by you only).")
    _say(f"Fingerprint: {fingerprint(public)}")
    _say("The public key for REPORTS_PUBLIC_KEY on the web server (on standard output):")
    print(format_public_key(public), flush=True)
    return 0


def _field_text(text: str) -> str:
    # Control characters (terminal escape sequences among them) have no place in what a
    # person typed into a form, and could act on the terminal of whoever reads the file.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # So have the characters that reorder text (bidirectional embeddings, overrides and
    # isolates): a report would read otherwise than it says.
    return "".join(
        "\ufffd"
        if (unicodedata.category(char) == "Cc" and char not in "\n\t") or char in REORDERING
        else char
        for char in text
    )


REORDERING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# Headings in report.txt for the public form's fields (reports.forms.ReportForm); a field
# not listed here is headed by its name made readable, so older and newer reports still
# open whatever the form asked at the time.
FIELD_LABELS = {
    "what": "What they want to tell us",
    "when_where": "When and where it happened",
    "contact": "How to contact them",
}


def _label(name: str) -> str:
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    label = re.sub(r"[_-]+", " ", name).strip()
    return _one_line(label[:1].upper() + label[1:]) if label else _one_line(name)


def _write_new_file(path: str, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _report_text(report: dict, key_fingerprint: str, entries: list[tuple]) -> str:
    lines = [
        f"Reference: {report['reference']}",
        f"Received: {_one_line(report['received_hour'])} (UTC, to the hour)",
        f"Key fingerprint: {key_fingerprint}",
        "",
    ]
    for name, text in report["fields"].items():
        label = _label(name)
        lines += [label, "-" * len(label), _field_text(text) or "(left empty)", ""]
    lines.append(f"Attachments: {len(entries)}" if entries else "Attachments: none")
    for meta, _data, name, has_location in entries:
        line = f"- {name} ({_one_line(meta['content_type']) or 'no type given'}, "
        line += f"{meta['size']:,} bytes"
        if name != meta["name"]:
            line += f'; sent as "{_printable(meta["name"], 300)}"'
        lines.append(line + ")")
        if has_location:
            lines.append(
                f"  WARNING: {name} carries location data (GPS): it may show where the "
                "picture was taken, and so who took it. Remove it before sharing the file."
            )
    return "\n".join(lines) + "\n"


def _open_one(row: dict, keys: dict, outdir: str) -> str:
    """Open one exported report into OUTDIR; returns opened, skipped, rejected or failed."""
    shown = _printable(row["reference"], 44)
    private_key = keys.get(row["key_fingerprint"])
    if private_key is None:
        _say(
            f"{shown}: skipped: no key with fingerprint {_printable(row['key_fingerprint'])} "
            "was given (add it with --key)"
        )
        return "skipped"
    try:
        report = open_report(private_key, row["ciphertext"])
    except ReportError as exc:
        _say(f"{shown}: forged or damaged, nothing written: {exc}")
        return "rejected"
    if (report["reference"], report["received_hour"]) != (row["reference"], row["received_hour"]):
        _say(
            f"{shown}: swapped or forged, nothing written: sealed inside is "
            f"{_printable(report['reference'], 44)} received "
            f"{_printable(report['received_hour'], 30)}, but the export lists it as "
            f"{shown} received {_printable(row['received_hour'], 30)}"
        )
        return "rejected"
    if not is_valid_reference(report["reference"]):
        _say(f"{shown}: the reference is not a usable folder name; nothing written")
        return "failed"

    folder = os.path.join(outdir, report["reference"])
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        _say(f"{shown}: skipped: {folder} already exists (nothing was overwritten)")
        return "skipped"

    attachments = report["attachments"]
    names = safe_attachment_names([(meta["name"], data) for meta, data in attachments])
    entries = [
        (meta, data, names[index], has_location_data(data))
        for index, (meta, data) in enumerate(attachments)
    ]
    try:
        for _meta, data, name, _has_location in entries:
            _write_new_file(os.path.join(folder, name), data)
        text = _report_text(report, row["key_fingerprint"], entries)
        _write_new_file(os.path.join(folder, REPORT_FILE_NAME), text.encode("utf-8"))
    except OSError as exc:
        # Remove the folder made just above, so a rerun writes the report whole.
        shutil.rmtree(folder, ignore_errors=True)
        _say(f"{shown}: failed, nothing kept: {exc}")
        return "failed"
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # likewise, whatever stopped it
        raise
    for _meta, _data, name, has_location in entries:
        if has_location:
            _say(f"{shown}: WARNING: {name} carries location data (GPS)")
    count = len(names)
    print(f"{shown}: opened into {folder} ({count} attachment{'s' * (count != 1)})", flush=True)
    return "opened"


def _open(args) -> int:
    with open(args.export, "rb") as handle:
        rows = read_export(handle)

    keys: dict[str, nacl.public.PrivateKey] = {}
    for path in [args.private_key_file, *args.key]:
        info = private_key_info(path)
        if info["fingerprint"] in keys:
            continue
        if os.name == "posix" and os.stat(path).st_mode & 0o077:
            _say(f"warning: {path} can be read by other users of this machine (chmod 600 it)")
        passphrase = None
        if info["protection"] != "none":
            passphrase = _existing_passphrase(path, info["fingerprint"])
        keys[info["fingerprint"]] = load_private_key(path, passphrase)
        _say(f"Key {info['fingerprint']} loaded from {path}.")

    os.makedirs(args.outdir, mode=0o700, exist_ok=True)
    outcomes = {"opened": 0, "skipped": 0, "rejected": 0, "failed": 0}
    for row in rows:
        outcomes[_open_one(row, keys, args.outdir)] += 1
    print(
        f"{len(rows)} report{'s' * (len(rows) != 1)} in the export: {outcomes['opened']} "
        f"opened, {outcomes['skipped']} skipped, {outcomes['rejected']} swapped or forged, "
        f"{outcomes['failed']} failed.",
        flush=True,
    )
    return 0 if outcomes["opened"] == len(rows) else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="offline.py",
        description="Keys for, and opening of, reports sent through the public form.",
        epilog=f"Passphrases are asked for, or taken from the {PASSPHRASE_ENV} variable.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    keygen = commands.add_parser(
        "keygen", help="make a new key pair; prints the public key on standard output"
    )
    keygen.add_argument("private_key_file", metavar="PRIVATE_KEY_FILE")
    keygen.add_argument(
        "--no-passphrase",
        action="store_true",
        help="store the private key unencrypted (rely on the machine alone)",
    )
    keygen.set_defaults(run=_keygen)

    opener = commands.add_parser("open", help="decrypt the reports of an export file")
    opener.add_argument("export", metavar="EXPORT")
    opener.add_argument("private_key_file", metavar="PRIVATE_KEY_FILE")
    opener.add_argument("outdir", metavar="OUTDIR")
    opener.add_argument(
        "--key",
        action="append",
        default=[],
        metavar="EXTRA_PRIVATE_KEY_FILE",
        help="another private key, for reports sealed to an older key (may be repeated)",
    )
    opener.set_defaults(run=_open)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except ReportError as exc:
        _say(f"error: {exc}")
    except OSError as exc:
        named = f"{exc.filename!r}: " if exc.filename is not None else ""  # '' named too
        _say(f"error: {named}{exc.strerror or exc}")
    except EOFError:
        _say("error: no passphrase was given")
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
