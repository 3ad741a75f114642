"""What search engines and link previews read: descriptions, canonical links, breadcrumbs.

Public pages are cached and shared between visitors, so every address here comes from
the page and its Wagtail Site (hostname and port as editors set them), never from the
request's Host header. Nothing here costs a query beyond those the layout already makes:
ancestors come from `page.path` and the top-level pages the navigation has loaded.
"""

import json
from urllib.parse import urlencode, urljoin

from django.templatetags.static import static
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.queries import public_live, top_level_pages

_TRAIL = "_portal_breadcrumb_trail"

# Characters that could close the <script> element or start markup inside it, and the
# two line separators JSON allows in strings but older JavaScript parsers do not.
_JSON_SCRIPT_ESCAPES = {
    ord(">"): "\\u003E",
    ord("<"): "\\u003C",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_ld(data):
    """JSON for a <script type="application/ld+json"> element, safe to place in HTML."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(
        _JSON_SCRIPT_ESCAPES
    )


def ancestors_of(page, request=None):
    """The pages between the site's home page and `page`, home first; [] outside the site."""
    home, children = top_level_pages(request)
    if home is None or not page.path.startswith(home.path) or page.pk == home.pk:
        return []
    if page.depth == home.depth + 1:
        return [home]
    section_path = page.path[: len(home.path) + Page.steplen]
    section = next((child for child in children if child.path == section_path), None)
    if section is None:
        return [home]
    trail = [home, section]
    if page.depth > section.depth + 1:
        # Deeper than a section's child (nested standard pages): one query, only here.
        between = Page.objects.ancestor_of(page).filter(depth__gt=section.depth)
        trail.extend(public_live(between).order_by("depth"))
    return trail


def home_label():
    return _("Home")


def breadcrumb_trail(page, request=None):
    """[(title, url, full_url)] from home down to `page` itself, or [] for the home page."""
    if page is None or not getattr(page, "path", None):
        return []
    cached = getattr(request, _TRAIL, None) if request is not None else None
    if cached is not None and cached[0] == page.pk:
        return cached[1]
    ancestors = ancestors_of(page, request)
    trail = []
    if ancestors:
        for index, item in enumerate([*ancestors, page]):
            title = home_label() if index == 0 else item.title
            trail.append((title, item.get_url(request), item.get_full_url(request)))
    if request is not None:
        setattr(request, _TRAIL, (page.pk, trail))
    return trail


def breadcrumb_list_json(trail):
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "name": title, "item": full_url}
                for position, (title, _url, full_url) in enumerate(trail, start=1)
            ],
        }
    )


def organization(site_name, home_url):
    """The service as schema.org names it: on the home page, and as an article's author."""
    return {
        "@type": "Organization",
        "name": site_name,
        "url": home_url,
        "logo": urljoin(home_url, static("img/icon-512.png")),
    }


def organization_json(site_name, home_url):
    return json_ld({"@context": "https://schema.org", **organization(site_name, home_url)})


def listing_query(page, request):
    """The query string naming this page of a listing: the parameters the page type reads
    (a listing's page, its filters), as the request gives them, without page=1. Search
    engines want each page of a listing to be its own canonical page."""
    if request is None:
        return ""
    params = [
        (name, values[-1])  # the value Django reads
        for name in getattr(page, "query_params", ())
        if (values := request.GET.getlist(name))
        and values[-1]
        and (name, values[-1]) != ("page", "1")
    ]
    return f"?{urlencode(params)}" if params else ""


def page_meta(page, request=None):
    """The description, canonical URL (with a listing's page and filters) and OpenGraph
    type of a page."""
    is_home = not breadcrumb_trail(page, request)
    # An alias (a page shown at a second address) names the page it copies.
    canonical = (page.alias_of if page.alias_of_id else page).get_full_url(request)
    if canonical:
        canonical += listing_query(page, request)
    return {
        "title": getattr(page, "full_title", None) or page.seo_title or page.title,
        "description": (getattr(page, "meta_description", "") or page.search_description or "")
        .strip()
        .replace("\n", " "),
        "canonical": canonical,
        # The site's own emblem: a share picture that costs no query.
        "share_image": urljoin(canonical, static("img/social.png")) if canonical else "",
        "og_type": "website" if is_home else "article",
        "is_home": is_home,
    }
