"""Demo content for news: the news and video transcript sections and what they hold.

The words are the project's own; names, titles, dates and figures are facts from the
content brief. Pictures are abstract graphics drawn here, never a likeness.
"""

import datetime

from wagtail.models import Page

from demo.bulk import bulk_add_children
from demo.core import ensure_child, heading, number_links, paragraph
from demo.pictures import picture
from news.models import (
    ArticleKind,
    NewsArticlePage,
    NewsIndexPage,
    VideoTranscriptIndexPage,
    VideoTranscriptPage,
    VideoTranscriptRelatedPage,
)

NEWS_SLUG = "news"
TRANSCRIPTS_SLUG = "video-transcripts"


def section(home, slug, page_class, build):
    """The section page at `slug` if it is a `page_class` (created if missing), else None."""
    page, _created = ensure_child(home, slug, build)
    return page if isinstance(page, page_class) else None


def abstract_picture(title, alt_text):
    """The article's picture: original artwork without text, made once (demo.pictures)."""
    return picture(title, alt_text)


def article(title, date, kind, summary, body, *, picture_alt, **fields):
    def build():
        image = abstract_picture(title, picture_alt)
        return NewsArticlePage(
            title=title,
            published_date=date,
            kind=kind,
            summary=summary,
            body=body,
            image=image,
            image_alt_text=picture_alt,
            **fields,
        )

    return build


ARTICLES = [
    (
        "mi5-commemorates-ve-day-75",
        article(
            "MI5 commemorates VE Day 75",
            datetime.date(2020, 5, 8),
            ArticleKind.NEWS,
            "Seventy-five years after Victory in Europe Day, we remember the people who "
            "served in the Second World War, our own predecessors among them.",
            [
                paragraph(
                    "<p>On 8 May 2020 the country marked 75 years since the fighting in "
                    "Europe ended. Staff across the service stopped to remember everyone "
                    "who served in the war and everyone who did not come home.</p>"
                ),
                heading("Our wartime predecessors"),
                paragraph(
                    "<p>During the war the service worked to find and stop enemy agents "
                    "sent to Britain. The people who did that work could not talk about it "
                    "for decades, and many never did.</p>"
                ),
                paragraph(
                    "<p>Because public events could not go ahead that spring, we marked the "
                    "day in our own homes and offices, alongside the rest of the "
                    "country.</p>"
                ),
            ],
            picture_alt="A network of pale dots joined by thin lines on deep purple, one "
            "amber point linked in amber to its nearest neighbours.",
        ),
    ),
    (
        "mi5-headquarters-lights-up-blue-for-carers",
        article(
            "MI5 headquarters lights up blue for carers",
            datetime.date(2020, 4, 16),
            ArticleKind.NEWS,
            "Thames House was lit blue on Thursday 16 April 2020 to thank the NHS, carers "
            "and key workers.",
            [
                paragraph(
                    "<p>On the evening of Thursday 16 April 2020, our London headquarters, "
                    "Thames House, was lit up in blue. Buildings across the country did the "
                    "same that week as a thank-you to NHS staff, carers and the other key "
                    "workers looking after people through the pandemic.</p>"
                ),
                paragraph(
                    "<p>Much of our work cannot be done from home, so many of our own people "
                    "kept coming in throughout. We are grateful to everyone who kept them, "
                    "and their families, safe and well.</p>"
                ),
            ],
            picture_alt="Pale rings spreading from a point on navy, like a radar screen, "
            "crossed by a sweeping amber line over a few amber dots.",
        ),
    ),
    (
        "mi5-publishes-gender-pay-gap-report-2020",
        article(
            "MI5 publishes Gender Pay Gap report 2020",
            datetime.date(2020, 12, 17),
            ArticleKind.NEWS,
            "Alongside SIS and GCHQ, we have published our gender pay gap report for 2020.",
            [
                paragraph(
                    "<p>The three intelligence agencies, MI5, SIS and GCHQ, have published "
                    "their gender pay gap reports for 2020 side by side.</p>"
                ),
                heading("What the report covers"),
                paragraph(
                    "<p>The report compares what women and men are paid across the "
                    "organisation, explains what lies behind the difference and sets out "
                    "the steps we are taking to narrow it, from how we recruit to how we "
                    "support people as their careers grow.</p>"
                ),
                paragraph(
                    "<p>We were named among the Top 50 Employers for Women, and we want the "
                    "figures to keep moving in the right direction.</p>"
                ),
            ],
            picture_alt="A tall building at night against a deep blue sky: rows of dark "
            "windows, with runs of windows lit amber on a few floors.",
        ),
    ),
    (
        "seeing-mi5-differently",
        article(
            "Seeing MI5 Differently",
            datetime.date(2020, 12, 3),
            ArticleKind.BLOG,
            "For International Day of Persons with Disabilities, a look at how disabled "
            "colleagues help keep the country safe.",
            [
                paragraph(
                    "<p>3 December is the International Day of Persons with Disabilities. "
                    "We are using it to talk about the disabled people who work here, and "
                    "why the way they see problems makes us better at what we do.</p>"
                ),
                heading("Different ways of seeing"),
                paragraph(
                    "<p>Our work depends on noticing what others miss. Teams made up of "
                    "people who think and live differently are more likely to spot it.</p>"
                ),
                heading("Support at work"),
                paragraph(
                    "<p>Anyone joining us can ask for adjustments during the application "
                    "process and once they start, and we keep those conversations "
                    "discreet.</p>"
                ),
            ],
            picture_alt="A tall building at night against a dark green sky, its windows "
            "mostly dark, a few of them lit amber on some floors.",
        ),
    ),
    (
        "mi5-marks-lgbt-history-month-2021",
        article(
            "MI5 marks LGBT+ History Month 2021",
            datetime.date(2021, 2, 1),
            ArticleKind.NEWS,
            "We are marking LGBT+ History Month in February 2021, whose theme this year "
            "is “Body, Mind, Spirit”.",
            [
                paragraph(
                    "<p>February 2021 is LGBT+ History Month, and this year's theme is "
                    "“Body, Mind, Spirit”. We are using the month to share the history of "
                    "LGBT+ people and to talk about it with colleagues.</p>"
                ),
                paragraph(
                    "<p>There was a time when being gay was treated as a reason to keep "
                    "people out of work like ours. That is long gone, and we want LGBT+ "
                    "people to know they are welcome here.</p>"
                ),
            ],
            picture_alt="A radar screen drawn in pale rings on deep blue, an amber sweep "
            "passing over a few amber dots.",
        ),
    ),
    (
        "director-general-andrew-parker-speech-october-2017",
        article(
            "Director General Andrew Parker's speech, October 2017",
            datetime.date(2017, 10, 17),
            ArticleKind.SPEECH,
            "A summary of the Director General's speech on the terrorist threat, the "
            "service's response and how it is growing.",
            [
                paragraph(
                    "<p>This page summarises the main points of the speech. It is not the "
                    "text of the speech.</p>"
                ),
                heading("The scale of the threat"),
                paragraph(
                    "<p>Andrew Parker said the threat was moving at the fastest pace he had "
                    "seen in his 34 years in the service. Five attacks hit the UK that "
                    "year, four by Islamist terrorists and the attack at Finsbury Park, "
                    "and 36 people were killed.</p>"
                ),
                paragraph(
                    "<p>Over the four years before the speech, 20 attacks in the UK had "
                    "been foiled, and in the previous seven months alone seven Islamist "
                    "plots had been stopped. There were 379 terrorism-related arrests in "
                    "the year to June 2017.</p>"
                ),
                heading("How the work has changed"),
                paragraph(
                    "<p>The service was running more than 500 live operations involving "
                    "about 3,000 people, and beyond them was a pool of more than 20,000 "
                    "former subjects of interest. Some attackers now move from an idea to "
                    "an attack within days, leaving far less time to step in.</p>"
                ),
                heading("Working with others"),
                paragraph(
                    "<p>About 30 European security services work together in the Counter "
                    "Terrorism Group, which runs a joint operational centre in the "
                    "Netherlands.</p>"
                ),
                heading("A growing service"),
                paragraph(
                    "<p>The workforce was growing from 4,000 to 5,000 people. The Director "
                    "General named the values the service holds to: making a difference, "
                    "professionalism, teamwork and innovation.</p>"
                ),
            ],
            picture_alt="Rolling hills in layers of deep blue, with a low gold sun partly "
            "behind the farthest ridge.",
            speaker="Andrew Parker",
            speaker_role="Director General",
            delivered_at="",  # CONTENT.md gives no venue, so none is claimed
            delivered_on=datetime.date(2017, 10, 17),
        ),
    ),
]


def turn(speaker, *paragraphs):
    return ("turn", {"speaker": speaker, "text": "".join(f"<p>{p}</p>" for p in paragraphs)})


TRANSCRIPTS = [
    (
        "being-mi5",
        "Being MI5",
        "The Director General, Andrew Parker, explains what the service does and why so "
        "much of it has to stay secret.",
        "Andrew Parker, Director General",
        datetime.timedelta(minutes=3, seconds=40),
        "what-we-do",
        [
            turn(
                "Andrew Parker",
                "Our job is to keep the country safe from threats to national security. "
                "Most of our effort goes into stopping terrorism.",
            ),
            turn(
                "",
                "We also work against espionage: other states trying to steal secrets, "
                "influence our politics or harm people here.",
            ),
            turn(
                "Andrew Parker",
                "More and more of the people we investigate plan and talk online, and "
                "encryption means we often cannot see what they say. Communications data, "
                "the who, when and where of a message rather than its content, is one of "
                "the most useful tools we have.",
            ),
            turn(
                "Andrew Parker",
                "Secrecy is not there to hide us from scrutiny. If the people we "
                "investigate knew how we work, they would find ways round it, and people "
                "would be hurt.",
            ),
        ],
    ),
    (
        "technology-graduate-development-programme-business-roles",
        "Technology Graduate Development Programme: business roles",
        "A graduate on the business side of the technology programme describes the work "
        "and the training.",
        "A graduate on the programme",
        datetime.timedelta(minutes=2, seconds=50),
        "careers",
        [
            turn(
                "Graduate",
                "I joined the business strand of the programme straight after university. "
                "I plan projects, analyse how teams work and look for ways to make our "
                "processes simpler.",
            ),
            turn(
                "Graduate",
                "Alongside the job I am working towards qualifications that are recognised "
                "across industry, so what I learn counts wherever my career goes.",
            ),
            turn(
                "Graduate",
                "Because the work stays in the building, my evenings and weekends are my own.",
            ),
        ],
    ),
    (
        "technology-graduate-development-programme-technology-and-specialist-roles",
        "Technology Graduate Development Programme: technology and specialist roles",
        "Graduates in technical roles talk about building new tools against threats that "
        "change quickly.",
        "Two graduates on the programme",
        datetime.timedelta(minutes=3, seconds=5),
        "careers",
        [
            turn(
                "First graduate",
                "The threats we face change quickly, so the technology has to change with "
                "them. We build things that do not exist anywhere else.",
            ),
            turn(
                "Second graduate",
                "I move between teams during the programme, which means I have tried "
                "software, networks and data work before choosing where to specialise.",
            ),
            turn(
                "First graduate",
                "You do not need to have studied computing. Curiosity and a willingness to "
                "learn matter more.",
            ),
        ],
    ),
    (
        "administrative-assistants",
        "Administrative Assistants",
        "Administrative assistants explain how they keep projects running across the organisation.",
        "An administrative assistant",
        datetime.timedelta(minutes=2, seconds=30),
        "careers",
        [
            turn(
                "Administrative assistant",
                "No two days are the same. I might book travel, order equipment, organise "
                "a meeting and answer queries from three different teams before lunch.",
            ),
            turn(
                "Administrative assistant",
                "I also look after the information a team holds and greet visitors, so "
                "being organised and discreet is essential, and so is an eye for detail.",
            ),
            turn(
                "Administrative assistant",
                "What I do helps the people on operations get on with their work, and that "
                "makes it feel worthwhile.",
            ),
        ],
    ),
    (
        "what-we-are",
        "What we are",
        "Who works at the service, and why it needs people of every background.",
        "Narrator and members of staff",
        datetime.timedelta(minutes=2, seconds=10),
        "careers",
        [
            turn(
                "Narrator",
                "We are the country's security intelligence agency. Our people come from "
                "every part of the country and every walk of life.",
            ),
            turn(
                "Member of staff",
                "The threats we face are varied, so we need people who think in different "
                "ways. A team where everyone is alike misses things.",
            ),
            turn(
                "Narrator",
                "Whatever your background, there may be a place for you here.",
            ),
        ],
    ),
]


def transcript(slug, title, summary, speakers, duration, body, related):
    def build():
        return VideoTranscriptPage(
            title=title,
            summary=summary,
            speakers=speakers,
            duration=duration,
            video_url=f"https://video.example.org/{slug}",
            transcript=body,
            related_page_links=[
                VideoTranscriptRelatedPage(linked_page=page, sort_order=number)
                for number, page in enumerate(related)
            ],
        )

    return build


def load(home):
    news = section(
        home,
        NEWS_SLUG,
        NewsIndexPage,
        lambda: NewsIndexPage(
            title="News",
            summary="News, blog posts and speeches from the Security Service.",
            intro="<p>Our announcements, blog posts and speeches, newest first.</p>",
            show_in_menus=True,
        ),
    )
    transcripts = section(
        home,
        TRANSCRIPTS_SLUG,
        VideoTranscriptIndexPage,
        lambda: VideoTranscriptIndexPage(
            title="Video transcripts",
            summary="Written transcripts of our videos.",
            intro="<p>Every video we publish has a full written transcript here.</p>",
            show_in_menus=True,
        ),
    )
    if news is not None:
        for slug, build in ARTICLES:
            ensure_child(news, slug, build)
    if transcripts is not None:
        for slug, title, summary, speakers, duration, related_slug, body in TRANSCRIPTS:
            related = Page.objects.child_of(home).filter(slug=related_slug)[:1]
            ensure_child(
                transcripts,
                slug,
                transcript(slug, title, summary, speakers, duration, body, related),
            )


def refresh(home, report):
    """Links made by earlier versions without a sort order get one (demo pages only)."""
    index = Page.objects.child_of(home).filter(slug=TRANSCRIPTS_SLUG).first()
    if index is None:
        return
    slugs = [slug for slug, *_rest in TRANSCRIPTS]
    transcripts = Page.objects.child_of(index).filter(slug__in=slugs).type(VideoTranscriptPage)
    for page in transcripts.specific():
        number_links(page, "related_page_links", report)


BULK_KINDS = ("news", "blog", "speech")


def load_bulk(count):
    """`count` generated articles and count/20 transcripts, for scale tests and benchmarks."""
    news = NewsIndexPage.objects.first()
    transcripts = VideoTranscriptIndexPage.objects.first()
    if news is not None:
        start = NewsArticlePage.objects.filter(slug__startswith="generated-").count()
        today = datetime.date.today()
        bulk_add_children(
            news,
            [
                NewsArticlePage(
                    title=f"Generated article {number}",
                    slug=f"generated-{number}",
                    summary=f"Generated article {number}, for scale tests.",
                    kind=BULK_KINDS[number % len(BULK_KINDS)],
                    published_date=today - datetime.timedelta(days=number % 5000),
                    body=[paragraph("<p>Generated text.</p>")],
                )
                for number in range(start, start + count)
            ],
            index=True,
        )
    if transcripts is not None and count >= 20:
        start = VideoTranscriptPage.objects.filter(slug__startswith="generated-").count()
        bulk_add_children(
            transcripts,
            [
                VideoTranscriptPage(
                    title=f"Generated transcript {number}",
                    slug=f"generated-{number}",
                    summary="A generated transcript, for scale tests.",
                    speakers="Narrator",
                    duration=datetime.timedelta(minutes=3),
                    video_url=f"https://video.example.org/generated-{number}",
                )
                for number in range(start, start + count // 20)
            ],
            index=True,
        )
