"""A step chart of a level's history, drawn as SVG on the server.

The chart fits any width, so that it never scrolls sideways with the level names out of
view: its SVG has no viewBox, and every position is a percentage of its box (lines and
the years' texts take percentages; a path would not), so texts keep their size at every
width. The level names stand beside it in HTML, one row each, level with their lines
(static/css/site.css, `.timeline`).
"""

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from .levels import SCALE, position_of

# At most this many years are labelled, so that they fit a phone's width.
MOST_YEARS = 5


def _x(moment, start, span):
    """Where `moment` is across the chart, in % of its width."""
    return (moment - start).total_seconds() / span * 100


def _y(level):
    """The middle of `level`'s row, in % of the chart's height (the highest at the top)."""
    return (len(SCALE) - position_of(level) + 0.5) / len(SCALE) * 100


def _steps(oldest_first, start, span):
    """(x1, y1, x2, y2) of the line's segments: along each level, then up or down."""
    segments = []
    for change, following in zip(oldest_first, [*oldest_first[1:], None], strict=True):
        x1 = _x(change.took_effect_at, start, span)
        x2 = 100 if following is None else _x(following.took_effect_at, start, span)
        segments.append((x1, _y(change.level), x2, _y(change.level)))
        if following is not None:
            segments.append((x2, _y(change.level), x2, _y(following.level)))
    return segments


def timeline_svg(changes, *, title, element_id):
    """`changes` newest first, as the history lists them (corrected). Returns safe markup."""
    if not changes:
        return ""
    oldest_first = list(reversed(changes))
    start, end = oldest_first[0].took_effect_at, timezone.now()
    span = max((end - start).total_seconds(), 1)
    step = max(1, -(-(end.year - start.year) // MOST_YEARS))
    years = (
        (year, _x(timezone.make_aware(timezone.datetime(year, 1, 1)), start, span))
        for year in range(start.year + 1, end.year + 1, step)
    )
    current = oldest_first[-1]
    description = ngettext(
        "%(count)s change, in %(start)s. The level now is %(level)s. The table below lists it.",
        "%(count)s changes from %(start)s to %(end)s. The level now is %(level)s. "
        "The table below lists every change.",
        len(changes),
    ) % {
        "count": len(changes),
        "start": start.year,
        "end": current.took_effect_at.year,
        "level": current.level,
    }
    return format_html(
        '<div class="timeline">'
        '<div class="timeline__levels" aria-hidden="true">{levels}</div>'
        '<svg class="timeline__chart" role="img" aria-labelledby="{id}-title {id}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{grid}{line}</svg>"
        '<svg class="timeline__years" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">'
        "{years}</svg></div>",
        id=element_id,
        title=title,
        desc=description,
        levels=format_html_join(
            "",
            '<span class="timeline__level">{}</span>',
            ((level.label,) for level in reversed(SCALE)),
        ),
        grid=format_html_join(
            "",
            '<line x1="0" x2="100%" y1="{0}%" y2="{0}%" class="timeline__grid"></line>',
            ((f"{_y(level):.1f}",) for level in SCALE),
        ),
        line=format_html_join(
            "",
            '<line x1="{}%" y1="{}%" x2="{}%" y2="{}%" class="timeline__line"></line>',
            (tuple(f"{n:.2f}" for n in segment) for segment in _steps(oldest_first, start, span)),
        ),
        years=format_html_join(
            "",
            '<text x="{}%" y="1em" text-anchor="middle" class="timeline__year">{}</text>',
            ((f"{x:.2f}", year) for year, x in years if 4 < x < 95),
        ),
    )
