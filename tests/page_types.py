"""One address of the demo content per page type (and per kind where one type has
several), for the checks that visit every page type: axe and the layout in the browser,
the Nu HTML checker, screenshots."""

PAGE_TYPES = {
    "home": "/",
    "standard page": "/contact-and-reporting/",
    "mission": "/what-we-do/",
    "threat category": "/what-we-do/cyber/",
    "threat levels": "/threat-levels/",
    "news index": "/news/",
    "article": "/news/mi5-commemorates-ve-day-75/",
    "blog post": "/news/seeing-mi5-differently/",
    "speech": "/news/director-general-andrew-parker-speech-october-2017/",
    "transcript index": "/video-transcripts/",
    "transcript": "/video-transcripts/being-mi5/",
    "careers index": "/careers/",
    "role profile": "/careers/administrative-assistants/",
    "staff story": "/careers/samira-occupational-psychologist/",
    "who we are": "/who-we-are/",
    "history": "/who-we-are/our-history/",
    "oversight and law": "/who-we-are/oversight-and-the-law/",
    "faq": "/who-we-are/frequently-asked-questions/",
    "report form": "/report-information/",
    "search results": "/search/?q=security",
    "search starting points": "/search/",
    "not found": "/no-such-page/",
}
# The one address above that must answer 404.
NOT_FOUND = "not found"
