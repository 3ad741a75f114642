"""Every change is a revision that can be compared and rolled back."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Page, PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from editorial.roles import apply_roles
from tests import factories
from tests.careers.test_permissions import role_form, settings_form

pytestmark = pytest.mark.usefixtures("site_for_the_module")

ORIGINAL = "<p>Original duties.</p>"
EDITED = "<p>Duties rewritten by the recruiter.</p>"


@pytest.fixture
def role(sections):
    careers = factories.careers_index(sections["home"])
    apply_roles()
    return factories.role_profile(
        careers,
        "Interpreter",
        slug="interpreter",
        reference="INT-1",
        career_area=factories.career_area("Languages"),
        what_the_job_involves=ORIGINAL,
    )


def role_edit(role, duties, **extra):
    return role_form(
        role.career_area,
        title="Interpreter",
        slug="interpreter",
        what_the_job_involves=rich_text(duties),
        **extra,
    )


def public_text(client, role):
    client.logout()
    return client.get("/careers/interpreter/").content.decode()


def test_an_approver_reverts_a_recruiters_edit(client, recruiter, comms_approver, role):
    original_revision = role.latest_revision
    client.force_login(recruiter)
    edited = client.post(
        reverse("wagtailadmin_pages:edit", args=[role.pk]),
        role_edit(role, EDITED, **{"action-publish": "1"}),
    )
    assert edited.status_code == 302
    assert "rewritten by the recruiter" in public_text(client, role)

    client.force_login(comms_approver)
    revert_url = reverse(
        "wagtailadmin_pages:revisions_revert", args=[role.pk, original_revision.pk]
    )
    form = client.get(revert_url)
    assert form.status_code == 200
    assert "Original duties." in form.content.decode()
    reverted = client.post(revert_url, role_edit(role, ORIGINAL, **{"action-publish": "1"}))

    assert reverted.status_code == 302
    page = Page.objects.get(pk=role.pk)
    assert page.live_revision.user == comms_approver
    assert "Original duties." in page.live_revision.content["what_the_job_involves"]
    html = public_text(client, role)
    assert "Original duties." in html
    assert "rewritten by the recruiter" not in html
    assert PageLogEntry.objects.filter(page=page, action="wagtail.revert").exists()
    assert page.revisions.count() == 3  # the original, the edit, the reverted copy


@pytest.fixture
def two_revisions(client, recruiter, role):
    first = role.latest_revision
    client.force_login(recruiter)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[role.pk]),
        role_edit(role, EDITED, **{"action-publish": "1"}),
    )
    client.logout()
    return first, Page.objects.get(pk=role.pk).latest_revision


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("recruiter", True),
        ("comms_editor", True),
        ("comms_approver", True),
        ("threat_level_manager", False),
    ],
)
def test_comparing_revisions_needs_the_right_to_edit_the_page(
    client, request, role, two_revisions, who, allowed
):
    first, second = two_revisions
    client.force_login(request.getfixturevalue(who))
    url = reverse("wagtailadmin_pages:revisions_compare", args=[role.pk, first.pk, second.pk])

    response = client.get(url)

    if allowed:
        assert response.status_code == 200
        html = response.content.decode()
        assert "Original duties." in html
        assert "rewritten by the recruiter" in html
    else:
        assert response.status_code in (302, 403)


def test_a_recruiter_cannot_compare_or_revert_news(client, recruiter, news):
    article = factories.news_article(news, "A story", datetime.date(2024, 1, 1))
    revision = article.latest_revision
    client.force_login(recruiter)

    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, "earliest", "latest"])
    )
    revert = client.post(
        reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, revision.pk]), {}
    )

    assert compare.status_code in (302, 403)
    assert revert.status_code in (302, 403)
    assert Page.objects.get(pk=article.pk).latest_revision_id == revision.pk


def test_an_edit_never_overwrites_the_revision_that_went_live(client, recruiter, role):
    """Wagtail's autosave posts `overwrite_revision_id`, the editor's latest revision, and
    Wagtail overwrote it in place even when it had gone live: the history still called it
    the live version, with other words in it. Such an edit is a new revision; a draft
    of the editor's own is still overwritten, as autosave means."""
    edit_url = reverse("wagtailadmin_pages:edit", args=[role.pk])
    client.force_login(recruiter)
    client.post(edit_url, role_edit(role, EDITED, **{"action-publish": "1"}))
    live = Page.objects.get(pk=role.pk).live_revision
    assert live.user == recruiter and "rewritten by the recruiter" in str(live.content)

    saved = client.post(
        edit_url, role_edit(role, "<p>Second thoughts.</p>", overwrite_revision_id=live.pk)
    )

    assert saved.status_code == 302
    live.refresh_from_db()
    assert "rewritten by the recruiter" in str(live.content)
    draft = Page.objects.get(pk=role.pk).latest_revision
    assert draft.pk != live.pk and "Second thoughts" in str(draft.content)
    assert "rewritten by the recruiter" in public_text(client, role)

    # The draft, the editor's own and neither live nor in review, is overwritten.
    client.force_login(recruiter)
    client.post(edit_url, role_edit(role, "<p>Third.</p>", overwrite_revision_id=draft.pk))
    draft.refresh_from_db()
    assert "Third" in str(draft.content)
    assert Page.objects.get(pk=role.pk).latest_revision.pk == draft.pk


@pytest.mark.parametrize(
    "cut",
    [
        lambda data, field: data.pop(f"{field}-count"),
        lambda data, field: data.update({f"{field}-count": "many"}),
        lambda data, field: data.pop(f"{field}-0-type"),
    ],
    ids=["no count", "count no number", "block without type"],
)
def test_a_post_whose_content_cannot_be_read_saves_nothing_and_says_so(
    client, sections, comms_editor, superuser, cut
):
    """Wagtail's blocks read their fields inside the form's validation: a hand-made or
    cut-off post (no `body-count`) was a 500 in every form with a StreamField. Now a 400
    page, and nothing saved."""
    from core.models import SiteSettings
    from tests.editorial.helpers import add_article_url, article_form, edit_url

    apply_roles()
    index = factories.news_index(sections["home"])
    article = factories.news_article(index, "An article", datetime.date(2024, 1, 1))
    revisions = article.revisions.count()
    client.force_login(comms_editor)

    def refused(address, data, field="body"):
        cut(data, field)
        response = client.post(address, data)
        assert response.status_code == 400, address
        assert "Nothing was saved" in response.content.decode()

    refused(edit_url(article), article_form(title="Changed", slug=article.slug))
    article.refresh_from_db()
    assert (article.title, article.revisions.count()) == ("An article", revisions)
    refused(add_article_url(index), article_form(title="A new article", slug="a-new-article"))
    assert not Page.objects.filter(slug="a-new-article").exists()
    refused(edit_url(article) + "preview/", article_form(title="Previewed", slug=article.slug))

    client.force_login(superuser)
    site_settings = SiteSettings.load()
    links = list(site_settings.footer_links.raw_data)
    footer = {
        **settings_form(),
        **nested_form_data(
            {
                "footer_links": streamfield(
                    [("link", {"label": "Privacy", "page": "", "url": "https://example.org/"})]
                )
            }
        ),
    }
    refused(factories.settings_edit_url(site_settings), footer, field="footer_links")
    assert list(SiteSettings.load().footer_links.raw_data) == links

    # The same post whole is saved.
    client.force_login(comms_editor)
    whole = article_form(title="Changed", slug=article.slug)
    assert client.post(edit_url(article), whole).status_code == 302
    article.refresh_from_db()
    assert article.draft_title == "Changed"


def test_rich_text_that_is_not_the_editor_s_is_refused_and_nothing_saved(
    client, sections, superuser
):
    """The rich text editor's field holds JSON; a hand-made post of plain words in it
    (a page's introduction) was a 500 inside Wagtail's form validation."""
    from tests.editorial.helpers import edit_url

    careers = factories.careers_index(sections["home"], intro="<p>Join us.</p>")
    client.force_login(superuser)

    data = {"title": "Careers", "slug": "careers", "intro": "Plain words, not the editor's JSON"}
    response = client.post(edit_url(careers), data)

    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    careers.refresh_from_db()
    assert careers.intro == "<p>Join us.</p>"
