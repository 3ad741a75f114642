"""The cache generation: whether something kept (a page in Redis, data kept in a process)
is still good.

Every change a public page can show moves the generation number on in the database, in
the transaction that makes the change (`advance()`, called by serving.changes). Anything
kept under an older number is never used again. Moments that are not commits (a role's
closing time, an article dated ahead) come from the
`serving_next_content_change` hooks: the next one is found once per generation, stored
beside the number, and nothing kept outlives it.

How a worker learns the number, and why the design is what it is:

- **Redis, at every request.** After the commit the new number is announced in Redis;
  each request reads it in the round trip that looks the page up. With Redis healthy the
  next request on every worker sees the change.
- **The database, at most once a second.** An announcement can be lost (Redis hung,
  killed, flushed or restarted empty when the change was committed), so each worker also
  reads the row every `SERVING_REVALIDATE_SECONDS` (1 s) and keeps the higher number.
  Whatever Redis does, a change shows within about a second. A worker that finds Redis
  behind the database announces the number again.
- **A new worker** takes Redis's word only once the database has answered it: Redis
  restored from an older snapshot would otherwise hand every new worker a number long
  gone, with its pages, while the database is away.
- **Neither answers.** A worker that has heard from neither for
  `SERVING_UNCONFIRMED_SECONDS` (2 s) cannot tell whether something changed, and
  everything shows the threat level: it uses nothing it kept (`read()` returns None), so
  each request goes to the database, and fails with a 503 while that is down.
"""

import logging
import threading
import time
from collections import namedtuple

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from . import next_content_change
from .models import CacheGeneration

logger = logging.getLogger(__name__)

REDIS_KEY = "serving:generation"
# (number, next scheduled moment): lets a worker that cannot reach the database use it.
REDIS_UNTIL_KEY = "serving:next-change"
# Anything stored in Redis has a lifetime; the database keeps the number anyway.
REDIS_KEY_SECONDS = 24 * 3600
LOG_EVERY_SECONDS = 60
_UNKNOWN = object()


# `until`: the next moment content changes by itself (a datetime); None: none.
Generation = namedtuple("Generation", "number until")


class _Knowledge:
    """What this process knows of the generation (class attributes: what it starts with)."""

    number = 0
    until = None
    until_known = False
    database_read_at = float("-inf")  # time.monotonic() of the last attempt
    confirmed_at = float("-inf")  # when Redis or the database last told us
    # Whether the database ever answered: till then Redis confirms nothing (a Redis
    # restored from an older snapshot would give a new process a number long gone).
    database_answered = False
    last_logged = float("-inf")


_known = _Knowledge()
_lock = threading.Lock()


def forget():
    """Drop what this process knows (tests; a new worker starts this way)."""
    global _known
    with _lock:
        _known = _Knowledge()


def _learn(number, until=_UNKNOWN):
    """Keep the higher number (a number never goes back), and `until` as its next moment,
    unless a moment still ahead is known for it."""
    if number > _known.number:
        _known.number, _known.until, _known.until_known = number, None, False
    ahead = _known.until_known and (_known.until is None or _known.until > timezone.now())
    if number == _known.number and until is not _UNKNOWN and not ahead:
        _known.until, _known.until_known = until, True


def _announce(number, until=_UNKNOWN):
    set_if_greater = getattr(cache, "set_if_greater", None)
    if set_if_greater is not None:
        set_if_greater(REDIS_KEY, number, REDIS_KEY_SECONDS)
    elif (cache.get(REDIS_KEY) or 0) < number:  # a per-process cache: no race to lose
        cache.set(REDIS_KEY, number, REDIS_KEY_SECONDS)
    if until is not _UNKNOWN:
        # Written last and read with its number: an older pair is simply not used.
        cache.set(REDIS_UNTIL_KEY, (number, until), REDIS_KEY_SECONDS)


def _database_row():
    """(number, next_change_at, next_change_for) from the database, in one query."""
    row = CacheGeneration.objects.get_or_create(pk=1)[0]  # created: where it was deleted
    return row.number, row.next_change_at, row.next_change_for


def _log_database_failure(error):
    now = time.monotonic()
    if now - _known.last_logged >= LOG_EVERY_SECONDS:
        _known.last_logged = now
        logger.warning(
            "Cache generation unreadable from the database: %s", " ".join(str(error).split())
        )


def _read_database(now):
    """The number in the database, learnt (None when the database does not answer)."""
    try:
        number, until, until_for = _database_row()
    except DatabaseError as error:
        _log_database_failure(error)
        return None
    with _lock:
        _learn(number, until if until_for == number else _UNKNOWN)
        _known.confirmed_at, _known.database_answered = now, True
    return number


def read(extra_keys=()):
    """(the current Generation, or None when it cannot be confirmed; {key: value} of
    `extra_keys` found in the cache, read in the same round trip as the generation).
    """
    # {}: nothing found, or Redis did not answer (then its breaker is open: announcing
    # again below costs nothing).
    found = cache.get_many([REDIS_KEY, REDIS_UNTIL_KEY, *extra_keys])
    now = time.monotonic()
    if (announced := found.get(REDIS_KEY)) is not None:
        with _lock:
            _learn(announced)
            if (scheduled := found.get(REDIS_UNTIL_KEY)) is not None:
                _learn(*scheduled)
            if _known.database_answered:
                _known.confirmed_at = now
    if now - _known.database_read_at >= settings.SERVING_REVALIDATE_SECONDS:
        _known.database_read_at = now
        _read_database(now)
        # Also repairs an announcement Redis lost (flushed: None; behind: lower).
        if (announced or 0) < _known.number:
            _announce(_known.number)
    return _current(now), found


def _current(now):
    with _lock:
        if now - _known.confirmed_at > settings.SERVING_UNCONFIRMED_SECONDS:
            return None
        number, until, until_known = _known.number, _known.until, _known.until_known
    if not until_known or (until is not None and timezone.now() >= until):
        until = _find_next_change(number)
        if until is _UNKNOWN:
            return None
    return Generation(number, until)


def _find_next_change(number):
    """The next scheduled moment for `number`: from the row when someone found it
    already, otherwise found now and stored for the others."""
    now = timezone.now()
    try:
        stored_number, until, until_for = _database_row()
        if until_for != stored_number or stored_number != number or (until and until <= now):
            until = next_content_change()
            CacheGeneration.objects.filter(pk=1, number=number).update(
                next_change_at=until, next_change_for=number
            )
    except DatabaseError as error:
        _log_database_failure(error)
        return _UNKNOWN
    with _lock:
        if _known.number == number:
            _known.until, _known.until_known = until, True
    _announce(number, until)
    return until


def advance():
    """Move the generation on, in the caller's transaction (it commits with the change),
    and return the new number, read there.

    Numbers are microseconds since the epoch, or one more than the last where that is
    not higher: a row restored from an old backup still moves forward.
    """
    now = timezone.now()
    number = Greatest(F("number") + 1, Value(int(now.timestamp() * 1_000_000)))
    if not CacheGeneration.objects.filter(pk=1).update(number=number, changed_at=now):
        CacheGeneration.objects.get_or_create(pk=1)
        CacheGeneration.objects.filter(pk=1).update(number=number, changed_at=now)
    return CacheGeneration.objects.values_list("number", flat=True).get(pk=1)


def announce_committed(number):
    """After a commit of generation `number`: tell every worker, through Redis, and this
    process at once, without the database.

    The number is the one read in the committed transaction, not read again: a database
    gone just after the commit would otherwise leave it unannounced, and every worker
    confirming the one before it from Redis, serving what the change replaced.
    """
    _announce(number)
    with _lock:
        _learn(number)


def settle_committed(number):
    """Then, from the database: the next scheduled moment, found in the editor's request
    so that visitors' requests do not have to."""
    _read_database(time.monotonic())
    _find_next_change(number)  # announces the number again, with its next moment
