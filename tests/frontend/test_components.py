"""Each component's markup lives in one template (docs/design.md): pages include it,
they never write it again."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from threats.levels import COLOURS

TEMPLATES = Path(settings.BASE_DIR) / "templates"
CSS = Path(settings.BASE_DIR) / "static/css/site.css"

# What only the component may write: (component, markup).
OWN_MARKUP = [
    ("components/card.html", re.compile(r'class="card[ "{]')),
    ("components/signpost.html", re.compile(r'class="signpost[ "]')),
    ("components/filter_form.html", re.compile(r"<select\b")),
    ("components/level_badge.html", re.compile(r'class="threat-level threat-level--')),
    ("components/level_card.html", re.compile(r'class="level-card[ "]')),
    ("components/pagination.html", re.compile(r'rel="(?:next|prev)"')),
]


def templates():
    return sorted(path for path in TEMPLATES.rglob("*.html") if "wagtailadmin" not in path.parts)


@pytest.mark.parametrize(("component", "markup"), OWN_MARKUP, ids=lambda v: str(v)[:40])
def test_a_component_s_markup_is_written_in_its_template_alone(component, markup):
    assert markup.search((TEMPLATES / component).read_text()), component
    elsewhere = [
        str(path.relative_to(TEMPLATES))
        for path in templates()
        if path != TEMPLATES / component and markup.search(path.read_text())
    ]
    # The admin's own templates (threat level forms) choose levels with a select.
    assert [path for path in elsewhere if not path.startswith("threats/admin/")] == []


@pytest.mark.parametrize(
    "index",
    [
        "news/news_index_page.html",
        "careers/careers_index_page.html",
        "news/video_transcript_index_page.html",
        "threats/mission_page.html",
        "news/components/news_cards.html",
        "search/search.html",
    ],
)
def test_every_index_lists_its_items_as_cards(index):
    assert '{% include "components/card.html"' in (TEMPLATES / index).read_text()


@pytest.mark.parametrize("index", ["news/news_index_page.html", "careers/careers_index_page.html"])
def test_filtered_indexes_use_the_filter_form(index):
    assert '{% include "components/filter_form.html"' in (TEMPLATES / index).read_text()


def test_the_level_colours_of_the_css_are_those_of_the_badge():
    css = CSS.read_text()
    for level, colour in COLOURS.items():
        name = level.lower()
        rule = re.search(rf"\.threat-level--{name} \{{ --level: (#[0-9a-f]{{6}}); \}}", css)
        assert rule and rule.group(1) == colour, level
