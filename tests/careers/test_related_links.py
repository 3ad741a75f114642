"""A role's "Find out more" links say what each linked page is, whatever their sort order."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType

from careers.models import RoleProfileStoryLink, RoleProfileTranscriptLink
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


@pytest.fixture
def role_with_links(sections, careers):
    """A role linking a story and a transcript, both saved without a sort order (as code,
    the demo among it, saves them)."""
    role = factories.role_profile(careers, "Analyst")
    story = factories.staff_story(careers, "Sam, Analyst", role_title="Data analyst")
    transcripts = factories.video_transcripts_index(sections["home"])
    transcript = factories.video_transcript(transcripts, "Being an analyst")
    RoleProfileStoryLink.objects.create(page=role, story=story, sort_order=None)
    RoleProfileTranscriptLink.objects.create(page=role, transcript=transcript, sort_order=None)
    return role


def find_out_more(html):
    section = html[html.index('id="role-related-heading"') :]
    items = re.findall(r"<li>(.*?)</li>", section[: section.index("</section>")], re.S)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in items]


def test_links_without_a_sort_order_are_labelled_by_the_page_they_link(client, role_with_links):
    html = client.get("/careers/analyst/").content.decode()

    assert find_out_more(html) == [
        "Sam, Analyst (staff story)",
        "Being an analyst (video transcript)",
    ]


def test_links_with_a_sort_order_are_labelled_the_same(client, role_with_links):
    RoleProfileStoryLink.objects.update(sort_order=0)
    RoleProfileTranscriptLink.objects.update(sort_order=0)

    html = client.get("/careers/analyst/").content.decode()

    assert find_out_more(html) == [
        "Sam, Analyst (staff story)",
        "Being an analyst (video transcript)",
    ]


def test_stories_come_first_in_the_editors_order_then_in_the_order_made(
    client, careers, role_with_links
):
    first = factories.staff_story(careers, "Ana, Engineer")
    second = factories.staff_story(careers, "Ben, Linguist")
    RoleProfileStoryLink.objects.create(page=role_with_links, story=second, sort_order=None)
    RoleProfileStoryLink.objects.create(page=role_with_links, story=first, sort_order=None)

    assert [page.title for page in role_with_links.related_pages()] == [
        "Sam, Analyst",
        "Ben, Linguist",
        "Ana, Engineer",
        "Being an analyst",
    ]

    ordered = {"Ana, Engineer": 0, "Sam, Analyst": 1, "Ben, Linguist": 2}
    for link in RoleProfileStoryLink.objects.select_related("story"):
        link.sort_order = ordered[link.story.title]
        link.save()
    assert [page.title for page in role_with_links.related_pages()] == [
        "Ana, Engineer",
        "Sam, Analyst",
        "Ben, Linguist",
        "Being an analyst",
    ]


def test_related_pages_are_read_in_one_query(role_with_links, django_assert_num_queries):
    ContentType.objects.clear_cache()  # the type comes with the pages, not from this cache

    # One more for the view restrictions, which a request reads once for all its queries.
    with django_assert_num_queries(2):
        pages = role_with_links.related_pages()

    assert [page.title for page in pages] == ["Sam, Analyst", "Being an analyst"]


def test_unpublished_linked_pages_are_not_shown(client, role_with_links):
    story = RoleProfileStoryLink.objects.get().story
    story.unpublish()

    items = find_out_more(client.get("/careers/analyst/").content.decode())

    assert items == ["Being an analyst (video transcript)"]
