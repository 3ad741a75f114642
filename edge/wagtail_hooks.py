"""The mirror follows every committed change (edge.mirror)."""

from urllib.parse import urlsplit

from wagtail import hooks

import serving

from .mirror import Mirror, enabled
from .models import MirrorChange


@hooks.register("serving_changes_committed")
def changes_committed(changes):
    """Ask for what the changes affect to be copied again; what every page shows, at once."""
    if not enabled():
        return
    if any(change.page is None for change in changes):
        Mirror().withhold_threat_level()  # first: what follows needs the database
    everything, paths = False, set()
    for change in changes:
        if change.page is None:
            everything = True
            continue
        # Its own first: where the rest is "everything", it is copied before the rest.
        paths |= {
            urlsplit(url).path for url in serving.own_urls(change.page, change.url_path_before)
        }
        affected = serving.affected_urls(change.page, change.url_path_before)
        if affected == serving.EVERYTHING:
            everything = True
        else:
            paths |= {urlsplit(url).path for url in affected}
    rows = [MirrorChange(path=path) for path in sorted(paths)]
    if everything:
        rows.append(MirrorChange(everything=True))
    MirrorChange.objects.bulk_create(rows)
    if everything:
        Mirror().update_threat_level()
