"""Every page type, those added later included, is found by its stems and has a kind."""

import pytest
from wagtail.models import get_page_models

from core.models import BasePage
from search.indexing import STEMS_FIELD
from search.kinds import kind_filters, kinds_of_type

PAGE_TYPES = [model for model in get_page_models() if issubclass(model, BasePage)]


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model._meta.label)
def test_each_page_type_is_indexed_by_its_stems_and_has_a_kind(model):
    names = {field.field_name for field in model.get_search_fields()}

    assert STEMS_FIELD in names
    assert kinds_of_type(model), f"{model._meta.label} says no kind"


@pytest.mark.django_db
def test_the_kinds_are_those_results_are_labelled_with():
    slugs = set(kind_filters())

    assert {"news", "blog", "speech", "role", "story", "transcript", "threat", "page"} <= slugs
