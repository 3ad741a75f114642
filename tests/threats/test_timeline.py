"""The threat level chart (threats.timeline): a step line that fits any width."""

import re
from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from threats.timeline import timeline_svg


def chart(*levels_years_ago):
    """The chart of changes given oldest first as (level, years ago)."""
    now = timezone.now()
    changes = [
        SimpleNamespace(level=level, took_effect_at=now - timedelta(days=365 * years))
        for level, years in levels_years_ago
    ]
    return timeline_svg(list(reversed(changes)), title="History", element_id="t")


def segments(markup):
    found = re.findall(
        r'<line x1="([\d.]+)%" y1="([\d.]+)%" x2="([\d.]+)%" y2="([\d.]+)%" '
        r'class="timeline__line">',
        markup,
    )
    return [tuple(float(n) for n in segment) for segment in found]


def test_the_line_steps_from_each_level_to_the_next_and_runs_to_today():
    markup = chart(("SEVERE", 10), ("CRITICAL", 5), ("SUBSTANTIAL", 2))

    line = segments(markup)

    # Along SEVERE, up to CRITICAL, along it, down to SUBSTANTIAL, along it to the end.
    assert len(line) == 5
    assert line[0][:2] == (0.0, line[0][3]) and line[-1][2] == 100.0
    for before, after in zip(line, line[1:], strict=False):
        assert before[2:] == after[:2]  # each segment starts where the last ended
    severe, critical, substantial = line[0][1], line[2][1], line[4][1]
    assert critical < severe < substantial  # higher levels higher up
    assert line[2][0] == 50.0  # five years of ten


def test_the_level_names_are_beside_the_chart_highest_first_and_the_years_under_it():
    markup = chart(("SEVERE", 20))

    names = re.findall(r'<span class="timeline__level">(\w+)</span>', markup)
    years = re.findall(r'class="timeline__year">(\d{4})</text>', markup)

    assert names == ["CRITICAL", "SEVERE", "SUBSTANTIAL", "MODERATE", "LOW"]
    assert 'class="timeline__levels" aria-hidden="true"' in markup
    assert 'role="img" aria-labelledby="t-title t-desc"' in markup
    assert 2 <= len(years) <= 5  # labelled at most five times, so they fit a phone
    assert "viewBox" not in markup  # texts keep their size at every width


def test_its_description_counts_one_change_as_one():
    one = chart(("SEVERE", 3))
    several = chart(("SEVERE", 3), ("SUBSTANTIAL", 1))

    year = (timezone.now() - timedelta(days=365 * 3)).year
    assert f"1 change, in {year}. The level now is SEVERE." in one
    assert "1 changes" not in one
    assert f"2 changes from {year} to " in several
