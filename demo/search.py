"""The search page's demo: a few synonyms, and starting points before anything is typed."""

from careers.roles import CAREERS_SLUG
from search.models import SearchSettings, Synonym

from .about import MISSION_SLUG, THREAT_LEVELS_SLUG, top_level
from .core import REPORT_SLUG
from .news import NEWS_SLUG

# A word people type → the words the demo's pages use for it.
SYNONYMS = {
    "jobs": "careers roles vacancies",
    "job": "careers role vacancy",
    "vacancies": "roles",
    "spy": "espionage",
    "spies": "espionage",
    "spying": "espionage",
    "pay": "salary",
    "wages": "salary",
    "hacking": "cyber",
    "hackers": "cyber",
    "clearance": "vetting",
    "terrorists": "terrorism",
    "terrorist": "terrorism",
}

STARTING_POINTS = (
    (THREAT_LEVELS_SLUG, "The national threat level now, and what each level means."),
    (REPORT_SLUG, "Tell us about something that worries you, in confidence."),
    (CAREERS_SLUG, "Roles open now, and what working here is like."),
    (MISSION_SLUG, "The threats we work against, and how."),
    (NEWS_SLUG, "News, blog posts and speeches."),
)


def load_last(home):
    """Synonyms and starting points, where there are none yet (editors' own are kept)."""
    if not Synonym.objects.exists():
        Synonym.objects.bulk_create(
            [Synonym(word=word, means=means) for word, means in SYNONYMS.items()]
        )
    settings = SearchSettings.load()
    if not settings.starting_points:
        points = [
            ("page", {"page": page, "title": "", "text": text})
            for page, text in ((top_level(home, slug), text) for slug, text in STARTING_POINTS)
            if page is not None
        ]
        settings.starting_points = points
        settings.save()
