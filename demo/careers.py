"""Demo content for careers: the careers index, three role profiles and two staff stories.

The words are the project's own; role names, story subjects and figures come from the
content brief. Closing times are set relative to the day the demo is first loaded, so
two roles are open and one has closed; a role that exists is never changed again.
"""

import datetime

from django.utils import timezone
from wagtail.models import Page

from careers.models import (
    CareerArea,
    CareersIndexPage,
    ContractType,
    Location,
    RoleProfilePage,
    RoleProfileStoryLink,
    StaffStoryPage,
    StaffStoryRoleLink,
    VettingLevel,
    WorkingPattern,
)
from careers.roles import CAREERS_SLUG
from demo.bulk import bulk_add_children
from demo.core import ensure_child, heading, number_links, paragraph
from demo.pictures import picture
from editorial.roles import CAREERS_COLLECTION, collection_named

APPLY_BASE_URL = "https://apply.example.org/"
# What each story's picture shows (demo.pictures draws it from the story's key).
SAMIRA_PORTRAIT_ALT = (
    "A shield outlined in gold on deep blue, with a gold chevron across it and fine "
    "diagonal lines behind."
)
ALEX_PORTRAIT_ALT = (
    "A network of pale dots joined by thin lines on navy, one gold point near the middle "
    "linked in gold to its neighbours."
)

CAREER_AREAS = [
    ("Technology", "technology"),
    ("Business and corporate", "business-and-corporate"),
    ("Administration", "administration"),
]
LOCATIONS = [("London", "london"), ("Manchester", "manchester"), ("Belfast", "belfast")]


def ensure_named(model, entries):
    """The rows with these (name, slug) pairs, created where missing, by slug."""
    return {
        slug: model.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in entries
    }


def closing_in(days):
    """Noon, UK time, `days` days from today (negative: in the past)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def step(title, description):
    return ("step", {"title": title, "description": description})


STANDARD_STEPS = [
    step("Apply online", "Tell us about your skills and experience in a short online form."),
    step("Assessment", "Online tests, then an interview or an assessment day."),
    step(
        "Security vetting",
        "Background checks and interviews that everyone who works for us goes through.",
    ),
    step("Offer", "Once vetting is complete we confirm your start date."),
]

DISCRETION = (
    "<p>Keep your application to yourself: tell only your partner or a close family "
    "member. If you are not sure what you can say, we will help you keep it discreet.</p>"
)


def abstract_portrait(title, alt_text):
    """A square picture standing in for a portrait: original artwork, never a likeness,
    never text, made once (demo.pictures)."""
    return picture(title, alt_text, collection=collection_named(CAREERS_COLLECTION), shape="square")


def careers_index():
    return CareersIndexPage(
        title="Careers",
        summary="Work that matters, in roles you might not expect.",
        intro=(
            "<p>We need people of every background and skill: analysts, technologists, "
            "psychologists, administrators and many more. Work cannot be taken home, so "
            "evenings and weekends stay your own.</p>"
        ),
        show_in_menus=True,
    )


def role_builders(areas, locations):
    technology = areas["technology"]
    administration = areas["administration"]
    return [
        (
            "technology-graduate-development-programme-business-roles",
            lambda: RoleProfilePage(
                title="Technology Graduate Development Programme: business roles",
                reference="TGDP-BUS",
                career_area=technology,
                summary=(
                    "A graduate scheme for people who want to shape how technology is "
                    "planned, analysed and improved across the service."
                ),
                what_the_job_involves=(
                    "<p>You will move between teams that plan technology projects, analyse "
                    "what users need and improve the way work gets done. Along the way you "
                    "will study for qualifications recognised across the industry.</p>"
                ),
                what_you_need=(
                    "<ul><li>A degree in any subject, or the equivalent experience</li>"
                    "<li>A logical, organised approach to problems</li>"
                    "<li>The confidence to explain ideas to people who are not "
                    "specialists</li></ul>" + DISCRETION
                ),
                salary_minimum=32000,
                salary_maximum=36000,
                salary_text="£32,000 to £36,000 a year",
                working_pattern=WorkingPattern.FULL_TIME,
                contract_type=ContractType.PERMANENT,
                number_of_posts=12,
                closes_at=closing_in(60),
                vetting_level=VettingLevel.DV,
                application_steps=STANDARD_STEPS,
                apply_url=f"{APPLY_BASE_URL}TGDP-BUS",
            ),
            [locations["london"], locations["manchester"]],
        ),
        (
            "technology-graduate-development-programme-technology-and-specialist-roles",
            lambda: RoleProfilePage(
                title="Technology Graduate Development Programme: technology and specialist roles",
                reference="TGDP-TECH",
                career_area=technology,
                summary=(
                    "A graduate scheme for technologists who want to build new tools "
                    "against threats that change quickly."
                ),
                what_the_job_involves=(
                    "<p>You will work on inventive technical projects, from software and "
                    "networks to specialist equipment, that help colleagues keep pace with "
                    "adversaries who adapt fast.</p>"
                ),
                what_you_need=(
                    "<ul><li>A degree in a technical subject, or the equivalent experience</li>"
                    "<li>Curiosity about how things work and how they fail</li>"
                    "<li>The ability to work in a team under pressure</li></ul>" + DISCRETION
                ),
                salary_minimum=32000,
                salary_maximum=38000,
                salary_text="£32,000 to £38,000 a year, plus an allowance for some specialisms",
                working_pattern=WorkingPattern.FULL_TIME,
                contract_type=ContractType.PERMANENT,
                number_of_posts=20,
                closes_at=closing_in(45),
                vetting_level=VettingLevel.DV,
                application_steps=STANDARD_STEPS,
                apply_url=f"{APPLY_BASE_URL}TGDP-TECH",
            ),
            [locations["london"]],
        ),
        (
            "administrative-assistants",
            lambda: RoleProfilePage(
                title="Administrative Assistants",
                reference="ADMIN-ASSIST",
                career_area=administration,
                summary=(
                    "Keep projects moving in departments across the service, and be the "
                    "first friendly face many visitors meet."
                ),
                what_the_job_involves=(
                    "<p>You will support teams with the everyday tasks their work depends "
                    "on:</p><ul><li>booking travel and ordering what teams need</li>"
                    "<li>keeping information in order</li><li>arranging meetings</li>"
                    "<li>answering questions and welcoming visitors</li></ul>"
                ),
                what_you_need=(
                    "<ul><li>Good organisation and an eye for detail</li>"
                    "<li>Discretion with what you see and hear</li>"
                    "<li>A helpful, calm manner</li></ul>" + DISCRETION
                ),
                salary_minimum=24000,
                salary_maximum=26000,
                salary_text="£24,000 to £26,000 a year",
                working_pattern=WorkingPattern.FULL_OR_PART_TIME,
                contract_type=ContractType.PERMANENT,
                number_of_posts=8,
                # Already closed, so the demo shows a closed vacancy too.
                closes_at=closing_in(-14),
                vetting_level=VettingLevel.DV,
                application_steps=STANDARD_STEPS,
                apply_url=f"{APPLY_BASE_URL}ADMIN-ASSIST",
            ),
            [locations["london"], locations["belfast"]],
        ),
    ]


def story_builders():
    return [
        (
            "samira-occupational-psychologist",
            lambda: StaffStoryPage(
                title="Samira, Occupational Psychologist",
                first_name="Samira",
                role_title="Occupational Psychologist",
                summary="How psychology helps us find the right people for every role.",
                portrait=abstract_portrait("Staff story: Samira", SAMIRA_PORTRAIT_ALT),
                portrait_alt_text=SAMIRA_PORTRAIT_ALT,
                intro=(
                    "<p>Samira uses her training in psychology to make sure the service "
                    "recruits and develops people fairly and well.</p>"
                ),
                body=[
                    heading("In demand"),
                    paragraph(
                        "<p>My days are varied: I analyse what a role really asks of "
                        "people, design the assessments we use to recruit, train the "
                        "colleagues who run them, and give people feedback on their "
                        "psychometric results. With the workforce growing from about 4,000 "
                        "towards 5,000, there is always a new role to understand.</p>"
                    ),
                    ("pull_quote", {"quote": "Getting selection right matters to everyone here."}),
                    heading("Team focus"),
                    paragraph(
                        "<p>I work in a small team of psychologists, and we lean on each "
                        "other's strengths. Because nothing can leave the building, the "
                        "work stays at work and I switch off when I go home.</p>"
                    ),
                ],
            ),
        ),
        (
            "alex-business-enabler",
            lambda: StaffStoryPage(
                title="Alex, Business Enabler",
                first_name="Alex",
                role_title="Business Enabler",
                summary="A corporate role that keeps teams across the service running smoothly.",
                portrait=abstract_portrait("Staff story: Alex", ALEX_PORTRAIT_ALT),
                portrait_alt_text=ALEX_PORTRAIT_ALT,
                intro=(
                    "<p>Alex supports teams all over the organisation, helping them protect "
                    "their information and work more efficiently.</p>"
                ),
                body=[
                    heading("People first"),
                    paragraph(
                        "<p>Most of my job is talking to colleagues and finding out what gets "
                        "in their way. Then I help fix it, whether that is a process, a "
                        "system or the way information is handled and protected.</p>"
                    ),
                    heading("Perfect balance"),
                    paragraph(
                        "<p>You cannot take this work home, which sounds like a restriction "
                        "but turns out to be a gift: my evenings are mine.</p>"
                    ),
                    ("pull_quote", {"quote": "My evenings and weekends are my own."}),
                    heading("Open doors"),
                    paragraph(
                        "<p>People from every background work here, and the service has been "
                        "named one of the Top 50 Employers for Women. If you are unsure "
                        "whether you would fit in, apply: you may be surprised.</p>"
                    ),
                ],
            ),
        ),
    ]


# The demo's related links, by slug, in the order they are shown.
RELATED_STORIES = {
    "technology-graduate-development-programme-business-roles": [
        "alex-business-enabler",
        "samira-occupational-psychologist",
    ],
    "administrative-assistants": ["alex-business-enabler"],
}
RELATED_ROLES = {
    "alex-business-enabler": [
        "technology-graduate-development-programme-business-roles",
        "administrative-assistants",
    ],
    "samira-occupational-psychologist": [
        "technology-graduate-development-programme-business-roles"
    ],
}


def load(home):
    areas = ensure_named(CareerArea, CAREER_AREAS)
    locations = ensure_named(Location, LOCATIONS)
    index, _created = ensure_child(home, CAREERS_SLUG, careers_index)
    if not isinstance(index, CareersIndexPage):
        return None  # editors made something else of /careers/: leave it alone

    stories, new_stories = {}, []
    for slug, build in story_builders():
        stories[slug], created = ensure_child(index, slug, build)
        if created:
            new_stories.append(slug)

    # Links and locations go into a new revision, so the editor's form shows them.
    roles = {}
    for slug, build, places in role_builders(areas, locations):
        role, created = ensure_child(index, slug, build)
        roles[slug] = role
        if created:
            role.locations.set(places)
            role.related_story_links = [
                RoleProfileStoryLink(story=stories[story], sort_order=number)
                for number, story in enumerate(RELATED_STORIES.get(slug, []))
            ]
            role.save_revision(log_action=True).publish()

    for slug in new_stories:
        story = stories[slug]
        story.related_role_links = [
            StaffStoryRoleLink(role=roles[role], sort_order=number)
            for number, role in enumerate(RELATED_ROLES[slug])
        ]
        story.save_revision(log_action=True).publish()
    return index


def refresh(home, report):
    """Links made by earlier versions without a sort order get one (demo pages only)."""
    index = Page.objects.child_of(home).filter(slug=CAREERS_SLUG).first()
    if index is None:
        return
    pages = Page.objects.child_of(index).specific()
    for page in pages.filter(slug__in=RELATED_STORIES).type(RoleProfilePage):
        number_links(page, "related_story_links", report)
    for page in pages.filter(slug__in=RELATED_ROLES).type(StaffStoryPage):
        number_links(page, "related_role_links", report)


def generated_role(number, area, closes_at):
    return RoleProfilePage(
        title=f"Generated role {number}",
        slug=f"generated-role-{number}",
        summary=f"Generated role {number}, for scale tests.",
        reference=f"GEN-{number:06d}",
        career_area=area,
        what_the_job_involves="<p>Generated work.</p>",
        what_you_need="<p>Generated skills.</p>",
        salary_minimum=30000,
        salary_maximum=36000,
        salary_text="£30,000 to £36,000",
        closes_at=closes_at,
        apply_url=f"https://apply.example.org/GEN-{number:06d}",
    )


def bulk_roles(index, numbers, *, area, locations=(), first_closing=None):
    """Generated open roles under `index`, closing a day apart, in `area` and `locations`."""
    first_closing = first_closing or timezone.now() + datetime.timedelta(days=1)
    roles = bulk_add_children(
        index,
        [
            generated_role(number, area, first_closing + datetime.timedelta(days=offset))
            for offset, number in enumerate(numbers)
        ],
    )
    through = RoleProfilePage.locations.through
    through.objects.bulk_create(
        [
            through(roleprofilepage_id=role.pk, location_id=location.pk)
            for role in roles
            for location in locations
        ]
    )
    return roles


def load_bulk(count):
    """count/10 generated role profiles, for scale tests and benchmarks."""
    index = CareersIndexPage.objects.first()
    area = CareerArea.objects.first()
    if index is None or area is None or count < 10:
        return
    start = RoleProfilePage.objects.filter(slug__startswith="generated-role-").count()
    location = Location.objects.first()
    bulk_roles(
        index,
        range(start, start + count // 10),
        area=area,
        locations=[location] if location else [],
    )
