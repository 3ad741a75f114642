"""The mirror follows every committed change (edge.mirror)."""

from urllib.parse import urlsplit

from wagtail import hooks
from wagtail.models import Site

import serving

from .mirror import Mirror, enabled
from .models import MirrorChange


def _page_paths(page, url_path_before):
    """The page's own addresses, now and before a move."""
    urls = set()
    for url_path in filter(None, (page.url_path, url_path_before)):
        for root in Site.get_site_root_paths():
            if url_path.startswith(root.root_path):
                urls.add("/" + url_path[len(root.root_path) :])
    return urls


@hooks.register("serving_changes_committed")
def changes_committed(changes):
    """Ask for what the changes affect to be copied again; what every page shows, at once."""
    if not enabled():
        return
    everything, paths = False, set()
    for change in changes:
        if change.page is None:
            everything |= change.everywhere
            continue
        paths |= _page_paths(change.page, change.url_path_before)
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
