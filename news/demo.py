"""Demo content for news: the section pages (the news issue fills them)."""

from portal.demo import ensure_child, paragraph, standard_page


def load(home):
    ensure_child(
        home,
        "news",
        standard_page(
            "News",
            "News, blog posts and speeches from the Security Service.",
            [paragraph("<p>Our latest announcements, blog posts and speeches.</p>")],
            in_menu=True,
        ),
    )
    ensure_child(
        home,
        "video-transcripts",
        standard_page(
            "Video transcripts",
            "Written transcripts of our videos.",
            [paragraph("<p>Every video we publish has a full written transcript.</p>")],
            in_menu=True,
        ),
    )
