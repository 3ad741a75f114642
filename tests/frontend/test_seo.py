"""What search engines and link previews read: meta tags, canonical links, JSON-LD,
breadcrumbs, the sitemap and robots.txt."""

import datetime
import json
import re
from html import unescape

import pytest
from django.utils import timezone
from wagtail.models import Page, Site

from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def json_ld(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return found.group(1) if found else None


@pytest.fixture
def nested(sections):
    mission = factories.mission_page(sections["home"])
    category = factories.threat_category(
        mission, "Cyber", summary="Attacks <online> & elsewhere.", search_description=""
    )
    return mission, category


def test_a_page_carries_description_canonical_opengraph_and_twitter_tags(client, nested):
    html = client.get("/what-we-do/cyber/").content.decode()

    assert meta(html, "name", "description") == "Attacks &lt;online&gt; &amp; elsewhere."
    assert '<link rel="canonical" href="http://localhost/what-we-do/cyber/">' in html
    assert meta(html, "property", "og:url") == "http://localhost/what-we-do/cyber/"
    assert meta(html, "property", "og:title") == "Cyber"
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:site_name") == "MI5 The Security Service"
    assert meta(html, "property", "og:description") == "Attacks &lt;online&gt; &amp; elsewhere."
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:title") == "Cyber"
    assert meta(html, "property", "og:image") == "http://localhost/static/img/social.png"
    assert meta(html, "property", "og:image:alt") == "MI5 The Security Service"


def test_a_transcript_is_told_apart_from_the_role_of_the_same_title(client, sections):
    """A role profile and its video's transcript bear the same title: search results and
    shares could not tell them apart."""
    careers = factories.careers_index(sections["home"])
    factories.role_profile(careers, "Administrative Assistants", slug="assistants")
    transcripts = factories.video_transcripts_index(sections["home"])
    factories.video_transcript(transcripts, "Administrative Assistants", slug="assistants")

    role = client.get("/careers/assistants/").content.decode()
    transcript = client.get("/video-transcripts/assistants/").content.decode()

    site = "MI5 The Security Service"
    assert f"<title>Administrative Assistants | {site}</title>" in role
    assert meta(role, "property", "og:title") == "Administrative Assistants"
    shown = "Administrative Assistants (video transcript)"
    assert f"<title>{shown} | {site}</title>" in transcript
    assert meta(transcript, "property", "og:title") == shown
    assert meta(transcript, "name", "twitter:title") == shown
    assert "<h1>Administrative Assistants</h1>" in transcript  # the page's own heading

    # An editor's SEO title is taken as it is.
    page = Page.objects.get(url_path__endswith="/video-transcripts/assistants/").specific
    page.seo_title = "Assistants at work: the video, in words"
    page.save_revision().publish()
    transcript = client.get("/video-transcripts/assistants/").content.decode()
    assert f"<title>Assistants at work: the video, in words | {site}</title>" in transcript
    assert meta(transcript, "property", "og:title") == "Assistants at work: the video, in words"


def test_the_search_description_wins_over_the_summary(client, sections):
    factories.standard_page(
        sections["home"], "About", summary="The summary.", search_description="For engines."
    )

    html = client.get("/about/").content.decode()

    assert meta(html, "name", "description") == "For engines."


def test_no_empty_description_is_ever_written(client, sections):
    factories.standard_page(sections["home"], "Bare", summary="", search_description="")

    html = client.get("/bare/").content.decode()

    assert 'name="description"' not in html
    assert 'property="og:description"' not in html
    assert 'content=""' not in html


def test_canonical_comes_from_the_site_not_the_host_header(client, nested):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "www.example.gov.uk", 443
    site.save()

    html = client.get("/what-we-do/cyber/", HTTP_HOST="127.0.0.1").content.decode()

    assert '<link rel="canonical" href="https://www.example.gov.uk/what-we-do/cyber/">' in html
    assert "127.0.0.1" not in html


def test_home_page_describes_the_organisation(client, sections):
    home = sections["home"]
    home.summary = "We keep the country safe."
    home.save_revision().publish()

    html = client.get("/").content.decode()

    assert meta(html, "property", "og:type") == "website"
    assert meta(html, "name", "description") == "We keep the country safe."
    (organisation,) = json_ld(html)
    assert organisation["@type"] == "Organization"
    assert organisation["name"] == "MI5 The Security Service"
    assert organisation["url"] == "http://localhost/"
    assert organisation["logo"].startswith("http://localhost/static/img/")
    assert 'class="breadcrumbs' not in html


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [("news", "NewsArticle"), ("blog", "BlogPosting"), ("speech", "Article")],
)
def test_an_article_describes_itself_to_search_engines(client, sections, kind, schema_type):
    index = factories.news_index(sections["home"])
    fields = {"speaker": "The Director General"} if kind == "speech" else {}
    factories.news_article(
        index, "A headline", datetime.date(2024, 3, 1), kind=kind, summary="What it says.", **fields
    )

    html = client.get("/news/a-headline/").content.decode()

    article = next(data for data in json_ld(html) if data["@type"] == schema_type)
    assert article["headline"] == "A headline"
    assert article["description"] == "What it says."
    assert article["datePublished"] == "2024-03-01"
    assert article["dateModified"].startswith(str(timezone.localdate()))
    assert article["url"] == article["mainEntityOfPage"] == "http://localhost/news/a-headline/"
    assert article["author"] == article["publisher"]
    assert article["publisher"]["name"] == "MI5 The Security Service"
    assert article["publisher"]["url"] == "http://localhost/"
    assert article["publisher"]["logo"].startswith("http://localhost/static/img/")


def test_pages_below_home_have_breadcrumbs_and_a_breadcrumb_list(client, nested):
    html = client.get("/what-we-do/cyber/").content.decode()

    start = html.index('<nav class="breadcrumbs')
    crumbs = html[start : html.index("</nav>", start)]
    assert 'aria-label="Breadcrumb"' in crumbs
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs) == [
        ("/", "Home"),
        ("/what-we-do/", "What we do"),
    ]
    assert '<span aria-current="page">Cyber</span>' in crumbs
    (trail,) = json_ld(html)
    assert trail["@type"] == "BreadcrumbList"
    assert [
        (item["position"], item["name"], item["item"]) for item in trail["itemListElement"]
    ] == [
        (1, "Home", "http://localhost/"),
        (2, "What we do", "http://localhost/what-we-do/"),
        (3, "Cyber", "http://localhost/what-we-do/cyber/"),
    ]


def test_deeply_nested_pages_list_every_ancestor(client, sections):
    about = factories.standard_page(sections["home"], "About")
    history = factories.standard_page(about, "History")
    factories.standard_page(history, "Founding")

    html = client.get("/about/history/founding/").content.decode()

    start = html.index('<nav class="breadcrumbs')
    crumbs = html[start : html.index("</nav>", start)]
    assert [label for _href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs)] == [
        "Home",
        "About",
        "History",
    ]


def test_json_ld_cannot_close_its_script_element(client, sections):
    factories.standard_page(
        sections["home"], "Evil </script><script>alert(1)</script>", slug="evil"
    )

    html = client.get("/evil/").content.decode()

    assert "</script><script>alert(1)" not in html
    (trail,) = json_ld(html)
    assert trail["itemListElement"][-1]["name"] == "Evil </script><script>alert(1)</script>"


@pytest.mark.parametrize(("path", "budget"), [("/what-we-do/cyber/", 11), ("/what-we-do/", 10)])
def test_breadcrumbs_and_meta_tags_add_no_query(
    client, nested, path, budget, django_assert_max_num_queries
):
    for index in range(20):
        factories.standard_page(nested[0], f"Sibling {index}")
    client.get(path)

    with django_assert_max_num_queries(budget):
        assert client.get(path).status_code == 200


def test_the_sitemap_lists_live_public_pages(client, nested, sections):
    factories.standard_page(sections["home"], "Draft", live=False)

    response = client.get("/sitemap.xml")

    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert "<loc>http://localhost/what-we-do/cyber/</loc>" in body
    assert "<loc>http://localhost/</loc>" in body
    assert "/draft/" not in body


def test_the_sitemap_is_not_called_unchanged_after_a_page_left_it(client, nested, sections):
    first = client.get("/sitemap.xml")
    assert "/what-we-do/cyber/" in first.content.decode()
    assert not first.has_header("Last-Modified")  # dated by its newest page, it stayed
    asked = {"HTTP_IF_NONE_MATCH": first["ETag"]}
    assert client.get("/sitemap.xml", **asked).status_code == 304

    Page.objects.get(url_path__endswith="/what-we-do/cyber/").unpublish()

    again = client.get("/sitemap.xml", **asked)
    assert again.status_code == 200
    assert "/what-we-do/cyber/" not in again.content.decode()


def test_articles_dated_ahead_stay_out_of_the_sitemap_until_their_day(client, sections):
    index = factories.news_index(sections["home"])
    today = timezone.localdate()
    factories.news_article(index, "Out today", today)
    factories.news_article(index, "Out tomorrow", today + datetime.timedelta(days=1))

    body = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://localhost/news/out-today/</loc>" in body
    assert "/news/out-tomorrow/" not in body


def sitemap_dates(client):
    body = client.get("/sitemap.xml").content.decode()
    found = re.findall(r"<loc>http://localhost([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", body)
    return dict(found)


def test_the_sitemap_dates_a_page_by_what_it_shows(client, nested, sections):
    """Crawlers were told a listing had not changed since its own publication, whatever
    it listed since, and the threat levels page since before the level changed."""
    from threats.models import ThreatLevelSettings

    index = factories.news_index(sections["home"])
    long_ago = timezone.make_aware(datetime.datetime(2025, 1, 15, 9))
    Page.objects.update(last_published_at=long_ago)
    today = timezone.localdate().isoformat()
    assert set(sitemap_dates(client).values()) == {"2025-01-15"}

    factories.news_article(index, "Out today", timezone.localdate())
    dates = sitemap_dates(client)
    assert dates["/news/"] == dates["/news/out-today/"] == dates["/"] == today
    assert dates["/threat-levels/"] == dates["/what-we-do/"] == "2025-01-15"
    assert dates["/what-we-do/cyber/"] == "2025-01-15"

    Page.objects.update(last_published_at=long_ago)
    ThreatLevelSettings.load().change("national", "SEVERE")
    dates = sitemap_dates(client)
    assert dates["/threat-levels/"] == dates["/"] == today
    assert dates["/news/"] == dates["/what-we-do/cyber/"] == "2025-01-15"


def test_robots_txt_points_at_the_sitemap(client, sections):
    response = client.get("/robots.txt")

    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "User-agent: *" in body
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://localhost/sitemap.xml" in body


def test_each_page_of_a_listing_is_its_own_canonical_page(client, sections):
    index = factories.news_index(sections["home"])
    today = timezone.localdate()
    for number in range(index.per_page + 1):
        factories.news_article(index, f"Item {number}", today - datetime.timedelta(days=number))

    def canonical(query):
        html = client.get(f"/news/{query}").content.decode()
        return unescape(re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1))

    assert canonical("") == "http://localhost/news/"
    assert canonical("?page=1") == "http://localhost/news/"
    assert canonical("?page=2") == "http://localhost/news/?page=2"
    # Filters name another listing; what no page reads never reaches it.
    assert canonical("?kind=news&utm_source=x") == "http://localhost/news/?kind=news"
    assert canonical(f"?year={today.year}&kind=news") == (
        f"http://localhost/news/?kind=news&year={today.year}"
    )


def test_not_found_pages_are_not_indexed(client, sections):
    response = client.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html


def test_public_pages_carry_nothing_per_visitor(client, nested):
    html = client.get("/what-we-do/cyber/").content.decode()

    assert "csrfmiddlewaretoken" not in html
    assert "testserver" not in html


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("MI5 The Security Service", ("MI5", "The Security Service")),
        ("MI5 - The Security Service", ("MI5", "The Security Service")),
        ("Security Service", ("Security", "Service")),
        ("Portal", ("Portal", "")),
    ],
)
def test_the_header_shows_the_site_name_as_a_two_part_wordmark_beside_the_emblem(
    client, sections, name, parts
):
    from core.models import SiteSettings

    site_settings = SiteSettings.load()
    site_settings.site_name = name
    site_settings.save()
    html = client.get("/").content.decode()
    brand = html.split('<a class="site-brand" href="/">', 1)[1].split("</a>", 1)[0]
    assert 'src="/static/img/emblem' in brand and 'alt=""' in brand
    first, rest = parts
    assert f'<span class="site-brand__name">{first}' in brand
    assert (f'<span class="site-brand__rest">{rest}</span>' in brand) is bool(rest)


def test_an_alias_names_the_page_it_copies_as_canonical_and_is_left_out_of_the_sitemap(
    client, nested, sections
):
    """A page shown at a second address (Wagtail's alias) was its own canonical page, and
    both addresses were in the sitemap: duplicate content to a search engine."""
    _mission, category = nested
    category.create_alias(parent=sections["privacy"], update_slug="cyber-copy")

    html = client.get("/privacy/cyber-copy/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "Attacks &lt;online&gt; &amp; elsewhere." in html
    assert '<link rel="canonical" href="http://localhost/what-we-do/cyber/">' in html
    assert meta(html, "property", "og:url") == "http://localhost/what-we-do/cyber/"
    assert "<loc>http://localhost/what-we-do/cyber/</loc>" in sitemap
    assert "cyber-copy" not in sitemap
