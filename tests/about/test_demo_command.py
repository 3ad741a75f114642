"""The demo command makes the About section once, after the other sections (its own
module: a test that runs the command over the demo cannot share the module-wide site of
tests/about/test_demo.py)."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from demo.core import REPORT_SLUG
from tests.about.test_demo import tree


@pytest.mark.django_db
def test_the_demo_command_makes_the_section_once_and_last_in_the_menu(client, demo_loaded):
    made = tree()
    call_command("load_demo_content", verbosity=0)

    assert tree() == made and len(made) == 4
    soup = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    menu = [a.get_text() for a in soup.select(".main-nav a")]
    assert menu[-2:] == ["Who we are", "Search"]
    assert menu.index("Video transcripts") < menu.index("Who we are")
    # Made before the report form, the FAQ reaches it by its address, which works.
    assert client.get(f"/{REPORT_SLUG}/").status_code == 200
