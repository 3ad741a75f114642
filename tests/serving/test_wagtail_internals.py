"""The private names of Wagtail the process tier relies on (serving.process.
give_wagtail_what_is_kept): these fail if Wagtail stops reading them."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page, Site
from wagtail.models.sites import SiteRootPath

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def test_wagtail_takes_the_site_of_a_request_from_where_it_is_kept(
    sections, django_assert_num_queries
):
    site = Site.objects.get(is_default_site=True)
    request = RequestFactory().get("/")
    request._wagtail_site = site

    with django_assert_num_queries(0):
        assert Site.find_for_request(request) is site


def test_wagtail_takes_the_site_root_paths_of_a_request_from_where_they_are_kept(
    sections, django_assert_num_queries
):
    privacy = sections["privacy"]
    site = Site.objects.get(is_default_site=True)
    request = RequestFactory().get("/")
    request._wagtail_site = site
    home = site.root_page
    request._wagtail_cached_site_root_paths = [
        SiteRootPath(site.pk, home.url_path, "https://kept.example", "en-gb")
    ]

    with django_assert_num_queries(0):
        assert privacy.get_full_url(request) == "https://kept.example/privacy/"


def test_wagtail_routes_from_the_specific_form_kept_on_the_root_page(sections, rf):
    """core.routing.route_from_tree_fields sets `root_page.specific` beforehand."""
    site = Site.objects.get(is_default_site=True)
    request = rf.get("/privacy/")
    request._wagtail_site = site
    routed_from = []

    class Root:
        def route(self, request, path_components):
            routed_from.append(path_components)
            raise Http404

    site.root_page.specific = Root()

    assert Page.route_for_request(request, "/privacy/") is None
    assert routed_from == [["privacy"]]
