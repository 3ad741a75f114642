"""Local accounts sign in, and each role reaches what it may and nothing else."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from core.models import SiteSettings
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")

LOCAL_ACCOUNTS = ["admin", "comms", "approver", "recruiter", "threatlevel"]


@pytest.mark.parametrize("username", LOCAL_ACCOUNTS)
def test_each_local_account_signs_in_to_the_admin(client, sections, settings, username):
    from demo.management.commands.create_local_accounts import LOCAL_PASSWORD

    settings.PORTAL_LOCAL_ACCOUNTS_ALLOWED = True
    call_command("create_local_accounts", verbosity=0)

    response = client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": LOCAL_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    assert dashboard.context["request"].user.username == username


@pytest.mark.parametrize("username", [*LOCAL_ACCOUNTS, "handler"])
def test_the_dashboard_is_headed_with_the_site_name_editors_set(
    client, sections, settings, username
):
    settings.PORTAL_LOCAL_ACCOUNTS_ALLOWED = True
    call_command("create_local_accounts", verbosity=0)
    site_settings = SiteSettings.load()
    site_settings.site_name = "Security Service of Ruritania"
    site_settings.save()
    client.force_login(get_user_model().objects.get(username=username))

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    heading = html[html.index("<h1") : html.index("</h1>")]
    assert heading.split(">", 1)[1].strip() == "Security Service of Ruritania"


def test_a_wrong_password_does_not_sign_in(client, sections, settings):
    settings.PORTAL_LOCAL_ACCOUNTS_ALLOWED = True
    call_command("create_local_accounts", verbosity=0)

    response = client.post(
        reverse("wagtailadmin_login"), {"username": "admin", "password": "not-the-password"}
    )

    assert response.status_code == 200
    assert not response.context["request"].user.is_authenticated
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def site_settings_form(**changes):
    data = {
        "site_name": "Changed name",
        "emergency_text": "Call",
        "emergency_number": "999",
        "hotline_label": "Hotline",
        "hotline_number": "0800 789 321",
        "footer_links-count": "0",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("superuser", True),
        ("comms_approver", True),
        ("comms_editor", False),
        ("recruiter", False),
        ("threat_level_manager", False),
    ],
)
def test_only_approvers_and_administrators_change_site_settings(
    client, request, sections, role, allowed
):
    url = factories.settings_edit_url(SiteSettings.load())
    client.force_login(request.getfixturevalue(role))

    get = client.get(url)
    post = client.post(url, site_settings_form())

    name = SiteSettings.objects.get().site_name
    if allowed:
        assert get.status_code == 200
        assert post.status_code == 302
        assert name == "Changed name"
    else:
        assert get.status_code in (302, 403)
        assert post.status_code in (302, 403)
        assert name != "Changed name"


def test_site_settings_refuse_text_that_shows_nothing(client, sections, comms_approver):
    """A site name or hotline label of a zero-width space was taken: every page's header
    and strip then showed nothing there; a footer link's label, a link without a name."""
    url = factories.settings_edit_url(SiteSettings.load())
    client.force_login(comms_approver)
    link = {"label": "\u200b", "page": "", "url": "https://example.org/"}
    footer = nested_form_data({"footer_links": streamfield([("link", link)])})

    for changes in ({"site_name": "\u200b"}, {"hotline_label": "\u3164"}, footer):
        response = client.post(url, site_settings_form(**changes))
        assert response.status_code == 200, changes
        assert "Enter letters a reader can see" in response.content.decode(), changes
    assert SiteSettings.objects.get().site_name != "\u200b"
    assert client.post(url, site_settings_form()).status_code == 302


def edit_page_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.mark.parametrize(
    ("role", "section", "allowed"),
    [
        ("recruiter", "careers", True),
        ("recruiter", "news", False),
        ("recruiter", "home", False),
        ("recruiter", "threat_levels", False),
        ("comms_editor", "careers", True),
        ("comms_editor", "news", True),
        ("comms_editor", "home", True),
        ("comms_approver", "threat_levels", True),
        ("threat_level_manager", "home", False),
        ("threat_level_manager", "threat_levels", False),
    ],
)
def test_page_editing_follows_the_roles(client, request, sections, role, section, allowed):
    user = request.getfixturevalue(role)
    page = sections[section]
    client.force_login(user)

    response = client.get(edit_page_url(page))

    assert page.permissions_for_user(user).can_edit() is allowed
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403)


@pytest.mark.parametrize("role", ["recruiter", "threat_level_manager", "comms_editor"])
def test_only_administrators_manage_users(client, request, sections, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("wagtailusers_users:index")).status_code in (302, 403)
    assert client.get(reverse("wagtailusers_groups:index")).status_code in (302, 403)


def test_administrators_manage_users(client, superuser):
    client.force_login(superuser)

    assert client.get(reverse("wagtailusers_users:index")).status_code == 200


def test_recruiters_add_pages_under_careers_only(recruiter, sections):
    careers_perms = sections["careers"].permissions_for_user(recruiter)
    news_perms = sections["news"].permissions_for_user(recruiter)

    assert careers_perms.can_add_subpage()
    assert careers_perms.can_publish()
    assert careers_perms.can_unpublish()
    assert not news_perms.can_add_subpage()
    assert not news_perms.can_publish()


@pytest.mark.parametrize(
    ("role", "section", "may_publish"),
    [
        # Comms editors publish every section but News, which goes through "Comms review",
        # and not the home page itself (a publish right there would reach News).
        ("comms_editor", "careers", True),
        ("comms_editor", "threat_levels", True),
        ("comms_editor", "privacy", True),
        ("comms_editor", "news", False),
        ("comms_editor", "home", False),
        ("comms_approver", "news", True),
        ("comms_approver", "home", True),
        ("recruiter", "careers", True),
        ("recruiter", "news", False),
        ("threat_level_manager", "careers", False),
    ],
)
def test_page_publishing_follows_the_roles(request, sections, role, section, may_publish):
    user = request.getfixturevalue(role)

    assert sections[section].permissions_for_user(user).can_publish() is may_publish


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("comms_editor", True),
        ("comms_approver", True),
        ("recruiter", False),
        ("threat_level_manager", False),
    ],
)
def test_comms_staff_manage_redirects_and_promoted_results(
    client, request, sections, role, allowed
):
    from wagtail.contrib.redirects.models import Redirect

    client.force_login(request.getfixturevalue(role))

    redirects = client.get(reverse("wagtailredirects:index"))
    promotions = client.get(reverse("wagtailsearchpromotions:index"))
    client.post(
        reverse("wagtailredirects:add"),
        {
            "old_path": "/old-address",
            "site": "",
            "is_permanent": "on",
            "redirect_page": sections["careers"].pk,
            "redirect_link": "",
        },
    )

    if allowed:
        assert redirects.status_code == 200
        assert promotions.status_code == 200
        assert Redirect.objects.filter(old_path="/old-address").exists()
    else:
        assert redirects.status_code in (302, 403)
        assert promotions.status_code in (302, 403)
        assert not Redirect.objects.exists()


def test_every_snippet_keeps_its_chooser_for_those_who_keep_it():
    from wagtail.snippets.models import get_snippet_models

    from core.choosing import PortalSnippetViewSet

    for model in get_snippet_models():
        assert isinstance(model.snippet_viewset, PortalSnippetViewSet), model


def test_every_snippet_refuses_text_that_shows_nothing(client, sections, comms_approver):
    """A quiz statement of a zero-width space was taken, and every page's quiz then asked
    visitors to judge nothing."""
    from wagtail.snippets.models import get_snippet_models

    from core.editor_input import VisibleTextForm

    for model in get_snippet_models():
        form_class = model.snippet_viewset.get_edit_handler().get_form_class()
        assert issubclass(form_class, VisibleTextForm), model
    client.force_login(comms_approver)
    url = reverse("wagtailsnippets_quiz_factorfiction:add")
    fields = {"answer": "fact", "explanation": "Shown after.", "active": "on"}

    refused = client.post(url, {**fields, "statement": "\u200b"})

    assert refused.status_code == 200
    assert "Enter letters a reader can see" in refused.content.decode()
    assert client.post(url, {**fields, "statement": "Spies wear hats."}).status_code == 302


@pytest.mark.parametrize(
    ("role", "app_label", "model_name", "allowed"),
    [
        ("threat_level_manager", "quiz", "factorfiction", False),
        ("threat_level_manager", "search", "synonym", False),
        ("recruiter", "search", "synonym", False),
        ("recruiter", "careers", "careerarea", True),
        ("comms_editor", "search", "synonym", True),
        ("comms_editor", "quiz", "factorfiction", True),
    ],
)
def test_a_snippet_chooser_answers_only_those_who_keep_the_snippet(
    client, request, sections, role, app_label, model_name, allowed
):
    from search.models import Synonym

    synonym = Synonym.objects.create(word="spook", means="espionage")
    client.force_login(request.getfixturevalue(role))
    base = f"/admin/snippets/choose/{app_label}/{model_name}/"

    urls = [base, base + "results/"]
    if model_name == "synonym":
        urls.append(base + f"chosen/{synonym.pk}/")
    for url in urls:
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        else:
            assert response.status_code in (302, 403), url
            assert b"espionage" not in response.content
