import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from editorial.roles import CAREERS_COLLECTION, apply_roles, collection_named
from tests import factories
from tests.conftest import user


@pytest.fixture
def news(sections):
    index = factories.news_index(sections["home"])
    apply_roles()  # the news index exists now: attach the workflow and permissions
    return index


@pytest.fixture
def draft_article(news):
    return factories.news_article(news, "An article", datetime.date(2024, 1, 1), live=False)


@pytest.fixture
def live_article(news):
    return factories.news_article(news, "A live article", datetime.date(2024, 1, 1))


@pytest.fixture
def second_approver(request, sections):
    return user(request, "second_approver")


@pytest.fixture
def items(sections):
    """An image and a document at the root, and an image in the Careers collection."""
    root = Collection.get_first_root_node()
    careers = collection_named(CAREERS_COLLECTION)
    image = get_image_model()
    return {
        "root image": image.objects.create(
            title="Director General", file=get_test_image_file(), collection=root
        ),
        "careers image": image.objects.create(
            title="Graduate open day", file=get_test_image_file(), collection=careers
        ),
        "document": get_document_model().objects.create(
            title="Annual report",
            file=SimpleUploadedFile("annual-report.pdf", b"%PDF-1.4\n%%EOF\n"),
            collection=root,
        ),
    }
