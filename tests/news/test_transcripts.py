"""Video transcripts: the index lists them; a page holds the words, speakers and links."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from news.models import VideoTranscriptRelatedPage
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def test_transcript_page_shows_speakers_turns_video_link_and_related_pages(client, sections):
    index = factories.video_transcripts_index(sections["home"])
    factories.video_transcript(
        index,
        "Being MI5",
        summary="The Director General on our work.",
        speakers="Andrew Parker, Director General",
        duration=datetime.timedelta(minutes=3, seconds=40),
        video_url="https://video.example.org/being-mi5",
        transcript=[
            (
                "turn",
                {"speaker": "Andrew Parker", "text": "<p>Our job is to keep people safe.</p>"},
            ),
            ("turn", {"speaker": "", "text": "<p>And to stay ahead.</p>"}),
        ],
    )
    transcript = index.get_children().get(slug="being-mi5").specific
    VideoTranscriptRelatedPage.objects.create(
        transcript=transcript, linked_page=sections["careers"], sort_order=0
    )

    html = client.get("/video-transcripts/being-mi5/").content.decode()

    assert "<h1>Being MI5</h1>" in html
    assert "<dd>Andrew Parker, Director General</dd>" in html
    assert "<dd>3:40</dd>" in html
    assert '<a class="video-link" href="https://video.example.org/being-mi5">' in html
    assert "<strong>Andrew Parker:</strong>" in html
    assert "<p>Our job is to keep people safe.</p>" in html
    assert html.count("transcript-turn__speaker") == 1
    assert '<li><a href="/careers/">Careers</a></li>' in html
    assert '<aside class="sidebar"' in html
    assert "<iframe" not in html


def test_private_or_draft_related_pages_are_left_out(client, sections):
    index = factories.video_transcripts_index(sections["home"])
    transcript = factories.video_transcript(index, "Watch")
    draft = factories.standard_page(sections["home"], "Draft page", live=False)
    private = factories.standard_page(sections["home"], "Private page")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for order, linked in enumerate([draft, private, sections["careers"]]):
        VideoTranscriptRelatedPage.objects.create(
            transcript=transcript, linked_page=linked, sort_order=order
        )

    assert [page.title for page in transcript.related_pages()] == ["Careers"]


def test_index_lists_live_transcripts_with_links(client, sections):
    index = factories.video_transcripts_index(sections["home"])
    factories.video_transcript(index, "What we are", summary="Who we are.")
    draft = factories.video_transcript(index, "Not yet")
    draft.unpublish()

    html = client.get("/video-transcripts/").content.decode()

    assert '<a href="/video-transcripts/what-we-are/">What we are</a>' in html
    assert ">Who we are.</p>" in html
    assert "Not yet" not in html


def test_index_bad_page_numbers_are_not_found(client, sections):
    factories.video_transcripts_index(sections["home"])

    assert client.get("/video-transcripts/?page=abc").status_code == 404
    assert client.get("/video-transcripts/?page=7").status_code == 404
    assert client.get("/video-transcripts/").status_code == 200


def test_the_index_s_second_page_has_a_title_of_its_own(client, sections, monkeypatch):
    from news.models import VideoTranscriptIndexPage

    monkeypatch.setattr(VideoTranscriptIndexPage, "per_page", 1)
    index = factories.video_transcripts_index(sections["home"], title="Video transcripts")
    factories.video_transcript(index, "What we are")
    factories.video_transcript(index, "What we do")

    assert "<title>Video transcripts | " in client.get("/video-transcripts/").content.decode()
    second = client.get("/video-transcripts/?page=2").content.decode()
    assert "<title>Video transcripts: page 2 of 2 | " in second


def test_restricted_transcript_is_not_served_to_the_public(client, sections):
    index = factories.video_transcripts_index(sections["home"])
    transcript = factories.video_transcript(index, "Secret")
    PageViewRestriction.objects.create(page=transcript, restriction_type="login")

    response = client.get("/video-transcripts/secret/")

    assert response.status_code == 302
    assert "next=/video-transcripts/secret/" in response["Location"]


@pytest.mark.parametrize(
    ("length", "taken"),
    [
        (datetime.timedelta(minutes=-1), False),
        (datetime.timedelta(0), False),
        (datetime.timedelta(seconds=99_999_999_999), False),
        (datetime.timedelta(minutes=4, seconds=30), True),
        (datetime.timedelta(hours=24), True),
        (None, True),
    ],
)
def test_a_video_s_length_is_one_it_can_have(sections, length, taken):
    """ "-1:00" and 99999999999 seconds were taken, and shown as "Video length -1:00" and
    "1666666666:39" (the admin's form runs the page's clean())."""
    from django.core.exceptions import ValidationError

    index = factories.video_transcripts_index(sections["home"])
    transcript = factories.video_transcript(index, "What we are")
    transcript.duration = length
    if taken:
        transcript.full_clean()
    else:
        with pytest.raises(ValidationError) as refused:
            transcript.full_clean()
        assert "between one second and 24 hours" in refused.value.message_dict["duration"][0]
