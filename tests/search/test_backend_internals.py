"""What search relies on in django-modelsearch beyond its documented API (one thing:
search.views.matching_pages). This fails if the backends stop offering it."""

from wagtail.models import Page
from wagtail.search.query import PlainText

from search.views import matching_pages
from tests import factories


def test_the_backend_gives_the_queryset_of_its_matches(sections):
    factories.standard_page(sections["home"], "Albatross one")
    factories.standard_page(sections["home"], "Albatross two")
    factories.standard_page(sections["home"], "Pelican")

    results = Page.objects.live().search(PlainText("albatross"), order_by_relevance=False)
    pages = matching_pages(results)

    assert pages.model is Page
    assert sorted(pages.values_list("title", flat=True)) == ["Albatross one", "Albatross two"]
    assert pages.count() == results.count() == 2
