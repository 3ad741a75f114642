"""A page form saves only the images and documents its editor may choose.

Wagtail's choosers list only what a user may choose (the Recruiters see the Careers
collection), but a page form takes any image or document by its id, in a field, a block
or rich text: a recruiter could publish a picture from a collection they cannot see. So
each form asks, before saving, that every image and document newly chosen in it is one
the user may choose (Wagtail's "choose" permission, by collection). What the page held
already stays, whoever edits it.
"""

from collections import defaultdict

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.documents.permissions import permission_policy as document_permissions
from wagtail.images import get_image_model
from wagtail.images.permissions import permission_policy as image_permissions


def chosen_in(field, value):
    """{model: {pk as text}} of what `value` of `field` chooses: a foreign key's object,
    or what a StreamField or rich text refers to (Wagtail's extract_references)."""
    found = defaultdict(set)
    if value in (None, ""):
        return found
    if isinstance(field, models.ForeignKey):
        found[field.related_model].add(str(getattr(value, "pk", value)))
    elif hasattr(field, "extract_references"):
        for model, pk, _path, _content_path in field.extract_references(value):
            found[model].add(str(pk))
    return found


def refuse_what_the_user_may_not_choose(form, cleaned_data):
    """Add an error to each field of `form` that newly chooses an image or document its
    user may not choose."""
    user = getattr(form, "for_user", None)
    if user is None or user.is_superuser:
        return
    media = {
        get_image_model(): (image_permissions, _("image")),
        get_document_model(): (document_permissions, _("document")),
    }
    for name, value in list(cleaned_data.items()):  # add_error takes a field out of it
        try:
            field = form.instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        before = chosen_in(field, getattr(form.instance, field.attname, None))
        for model, pks in chosen_in(field, value).items():
            if model not in media:
                continue
            policy, noun = media[model]
            new = pks - before[model]
            allowed = policy.instances_user_has_permission_for(user, "choose")
            if new and allowed.filter(pk__in=new).count() < len(new):
                form.add_error(
                    name,
                    _("You may not use this %(noun)s: choose one from your collections.")
                    % {"noun": noun},
                )
