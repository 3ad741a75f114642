"""A step chart of a level's history, drawn as SVG on the server."""

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .levels import SCALE, position_of

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 110, 16, 12, 28


def _x(moment, start, span):
    return LEFT + (moment - start).total_seconds() / span * (WIDTH - LEFT - RIGHT)


def _y(level):
    step = (HEIGHT - TOP - BOTTOM) / (len(SCALE) - 1)
    return HEIGHT - BOTTOM - (position_of(level) - 1) * step


def timeline_svg(changes, *, title, element_id):
    """`changes` newest first, as the history lists them (corrected). Returns safe SVG markup."""
    if not changes:
        return ""
    oldest_first = list(reversed(changes))
    start, end = oldest_first[0].took_effect_at, timezone.now()
    span = max((end - start).total_seconds(), 1)
    first = oldest_first[0]
    points = [f"M {_x(first.took_effect_at, start, span):.1f} {_y(first.level):.1f}"]
    for change in oldest_first[1:]:
        points.append(f"H {_x(change.took_effect_at, start, span):.1f} V {_y(change.level):.1f}")
    points.append(f"H {WIDTH - RIGHT:.1f}")
    years = range(start.year + 1, end.year + 1, max(1, (end.year - start.year) // 8 or 1))
    year_ticks = format_html_join(
        "",
        '<text x="{}" y="{}" class="timeline__year">{}</text>',
        (
            (
                f"{_x(timezone.make_aware(timezone.datetime(year, 1, 1)), start, span):.1f}",
                HEIGHT - 8,
                year,
            )
            for year in years
        ),
    )
    level_labels = format_html_join(
        "",
        '<text x="4" y="{}" class="timeline__level">{}</text>'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="timeline__grid"></line>',
        (
            (
                f"{_y(level) + 4:.1f}",
                level.label,
                LEFT,
                WIDTH - RIGHT,
                f"{_y(level):.1f}",
                f"{_y(level):.1f}",
            )
            for level in SCALE
        ),
    )
    current = oldest_first[-1]
    description = _(
        "%(count)s changes from %(start)s to %(end)s. The level now is %(level)s. "
        "The table below lists every change."
    ) % {
        "count": len(changes),
        "start": start.year,
        "end": current.took_effect_at.year,
        "level": current.level,
    }
    return format_html(
        '<svg class="timeline" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{labels}{years}"
        '<path d="{path}" class="timeline__line"></path></svg>',
        w=WIDTH,
        h=HEIGHT,
        id=element_id,
        title=title,
        desc=description,
        labels=level_labels,
        years=year_ticks,
        path=" ".join(points),
    )
