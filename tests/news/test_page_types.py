"""News page types can only be created where they belong, and through the admin."""

import datetime

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from core.models import HomePage, StandardPage
from news.models import (
    NewsArticlePage,
    NewsIndexPage,
    VideoTranscriptIndexPage,
    VideoTranscriptPage,
)
from tests import factories


class TestNewsPageTree(WagtailPageTestCase):
    def setUp(self):
        self.home = factories.home_page()

    def test_news_index_goes_only_under_home_and_holds_only_articles(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsArticlePage})
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanNotCreateAt(StandardPage, NewsIndexPage)
        self.assertCanNotCreateAt(Page, NewsIndexPage)

    def test_articles_go_only_under_the_news_index(self):
        self.assertAllowedParentPageTypes(NewsArticlePage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsArticlePage, set())
        self.assertCanNotCreateAt(HomePage, NewsArticlePage)
        self.assertCanNotCreateAt(StandardPage, NewsArticlePage)
        self.assertCanNotCreateAt(VideoTranscriptIndexPage, NewsArticlePage)

    def test_transcripts_go_only_under_their_index(self):
        self.assertAllowedParentPageTypes(VideoTranscriptIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(VideoTranscriptIndexPage, {VideoTranscriptPage})
        self.assertAllowedParentPageTypes(VideoTranscriptPage, {VideoTranscriptIndexPage})
        self.assertAllowedSubpageTypes(VideoTranscriptPage, set())
        self.assertCanNotCreateAt(NewsIndexPage, VideoTranscriptPage)

    def test_each_index_exists_once(self):
        factories.news_index(self.home)
        factories.video_transcripts_index(self.home)

        self.assertFalse(NewsIndexPage.can_create_at(self.home))
        self.assertFalse(VideoTranscriptIndexPage.can_create_at(self.home))
        self.assertEqual(NewsIndexPage.max_count, 1)
        self.assertEqual(VideoTranscriptIndexPage.max_count, 1)

    def test_article_is_created_through_the_admin_with_every_body_block(self):
        index = factories.news_index(self.home)
        self.login()

        self.assertCanCreate(
            index,
            NewsArticlePage,
            nested_form_data(
                {
                    "title": "A speech",
                    "slug": "a-speech",
                    "summary": "What was said.",
                    "kind": "speech",
                    "published_date": "2017-10-17",
                    "image_alt_text": "",
                    "speaker": "Andrew Parker",
                    "speaker_role": "Director General",
                    "delivered_at": "London",
                    "delivered_on": "2017-10-17",
                    "body": streamfield(
                        [
                            ("heading", {"text": "The threat", "level": "h2"}),
                            ("paragraph", rich_text("<p>Words.</p>")),
                            ("quote", {"quote": "Stay alert.", "attribution": ""}),
                            (
                                "video",
                                {
                                    "url": "https://example.org/video",
                                    "title": "Being MI5",
                                    "transcript": "",
                                },
                            ),
                        ]
                    ),
                    "related_article_links": inline_formset([]),
                }
            ),
            # Saved as a draft: news goes live only through Comms review (editorial.review).
            publish=False,
        )
        article = NewsArticlePage.objects.get(slug="a-speech")
        self.assertEqual(article.published_date, datetime.date(2017, 10, 17))
        self.assertEqual(article.kind, "speech")

    def test_transcript_is_created_through_the_admin(self):
        index = factories.video_transcripts_index(self.home)
        self.login()

        self.assertCanCreate(
            index,
            VideoTranscriptPage,
            nested_form_data(
                {
                    "title": "Being MI5",
                    "slug": "being-mi5",
                    "summary": "What we do.",
                    "speakers": "The Director General",
                    "duration": "00:03:40",
                    "video_url": "https://example.org/video",
                    "transcript": streamfield(
                        [("turn", {"speaker": "Narrator", "text": rich_text("<p>Hello.</p>")})]
                    ),
                    "related_page_links": inline_formset([]),
                }
            ),
        )

    def test_pages_render(self):
        index = factories.news_index(self.home)
        article = factories.news_article(index, "Renderable", datetime.date(2020, 1, 1))
        transcripts = factories.video_transcripts_index(self.home)
        transcript = factories.video_transcript(transcripts, "Watchable")
        for page in (index, article, transcripts, transcript):
            self.assertPageIsRenderable(page)
