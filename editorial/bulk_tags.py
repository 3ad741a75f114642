"""Wagtail's bulk Tag action for images and documents, with the tags' limits: its own form
takes any text (a tag past 100 characters, or written out in a web address past it, was a
500 on PostgreSQL). Registered in editorial.wagtail_hooks in place of Wagtail's."""

from wagtail.documents.views.bulk_actions import add_tags as document_tags
from wagtail.images.views.bulk_actions import add_tags as image_tags

from core.forms import BulkTagsThatFit


class ImageTagForm(BulkTagsThatFit, image_tags.TagForm):
    pass


class DocumentTagForm(BulkTagsThatFit, document_tags.TagForm):
    pass


class TagImagesInBulk(image_tags.AddTagsBulkAction):
    form_class = ImageTagForm


class TagDocumentsInBulk(document_tags.AddTagsBulkAction):
    form_class = DocumentTagForm
