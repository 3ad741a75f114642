import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from edge.mirror import Mirror, enabled

logger = logging.getLogger("edge.mirror")


class Command(BaseCommand):
    help = (
        "Keep the mirror current: apply the changes committed since the last pass, every "
        "MIRROR_INTERVAL_SECONDS (run one beside the app servers)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=None)
        parser.add_argument("--once", action="store_true", help="One pass, then stop.")

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
            except Exception:  # logged, and tried again at the next pass
                logger.exception("Mirror worker: this pass failed")
            if once:
                return
            # As a request's end would: a connection broken or past CONN_MAX_AGE is
            # replaced at the next pass.
            close_old_connections()
            time.sleep(interval)
