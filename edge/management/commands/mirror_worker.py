import argparse
import logging
import math
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from edge.mirror import Mirror, enabled

logger = logging.getLogger("edge.mirror")


def seconds_between_passes(text):
    """--interval: a number of seconds, at least MIRROR_MIN_INTERVAL_SECONDS (a negative
    one stopped the worker with a traceback after its first pass; "nan" likewise)."""
    least = settings.MIRROR_MIN_INTERVAL_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not (math.isfinite(seconds) and seconds >= least):
        raise argparse.ArgumentTypeError(f"must be at least {least} seconds, not {text!r}")
    return seconds


class Command(BaseCommand):
    help = (
        "Keep the mirror current: apply the changes committed since the last pass, every "
        "MIRROR_INTERVAL_SECONDS (run one beside the app servers)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=seconds_between_passes,
            default=None,
            help="Seconds between passes (MIRROR_INTERVAL_SECONDS).",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="One pass, then stop: the exit status says whether it failed.",
        )

    def handle(self, *args, interval=None, once=False, **options):
        if not enabled():
            raise CommandError("Set MIRROR_ROOT: the folder nginx reads.")
        interval = settings.MIRROR_INTERVAL_SECONDS if interval is None else interval
        first = True
        while True:
            try:
                mirror = Mirror()
                if first and not mirror.is_built():
                    mirror.build()  # a new mirror: everything, once
                mirror.follow_threat_level()
                mirror.follow_schedule()
                mirror.apply_changes()
                first = False
            except DatabaseError as error:
                # The app is down too, most likely: the mirror stays as it was, which is
                # what nginx answers from meanwhile.
                logger.warning("Mirror worker: the database did not answer (%s)", error)
                if once:
                    raise CommandError("The database did not answer: nothing copied.") from None
            except Exception:  # logged, and tried again at the next pass
                logger.exception("Mirror worker: this pass failed")
                if once:  # an operator's or a timer's run: said by the exit status too
                    raise CommandError("This pass failed (logged above).") from None
            if once:
                return
            # As a request's end would: a connection broken or past CONN_MAX_AGE is
            # replaced at the next pass.
            close_old_connections()
            time.sleep(interval)
