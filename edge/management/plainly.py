"""Operators' mistakes said in one line by the edge's commands, not a traceback."""

from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.db import DatabaseError, connection


@contextmanager
def said_plainly():
    """Within it: the database not answering (asked first: each page would otherwise log
    its own 500 and the command end on "the home page answered 500"), a setting or an
    option the edge cannot use, a folder that is a file or may not be written, an
    address with no port possible, a manifest not collected yet: a CommandError
    (`--traceback` still shows where)."""
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        raise CommandError(f"The database did not answer: {error}") from error
    try:
        yield
    except ImproperlyConfigured as error:
        raise CommandError(str(error)) from error
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        raise CommandError(f"{where}{error.strerror or error}") from error
    except ValueError as error:  # a port past 65535; static files not collected yet
        raise CommandError(str(error)) from error
