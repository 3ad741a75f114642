"""What editors send that the site refuses: a slug the site's own addresses take, text
that shows nothing, and a form whose StreamField or rich text content cannot be read."""

import json
import logging
import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import unquote

from django import forms
from django.apps import apps
from django.contrib.admin.utils import unquote as unquote_admin
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from draftjs_exporter.error import ExporterException
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.blocks.base import BlockField
from wagtail.images.blocks import ImageBlock

from core.ids import is_row_id

logger = logging.getLogger(__name__)

# Top-level URL prefixes served by routes rather than pages.
RESERVED_TOP_LEVEL_SLUGS = frozenset(
    {
        "admin",
        "api",
        "documents",
        "embed",
        "feeds",
        "healthz",
        "media",
        "quiz",
        "report",
        "search",
        "static",
    }
)


def reserved_slug_error(parent, slug):
    """The error for a slug a page may not take under this parent, or None."""
    if parent is not None and parent.is_site_root() and slug in RESERVED_TOP_LEVEL_SLUGS:
        return _("“%(slug)s” is reserved for the site's own addresses; choose another slug.") % {
            "slug": slug
        }
    return None


# Characters that show nothing: controls, format characters (zero-width spaces, joiners,
# direction marks) and spaces. Python's strip() leaves the first two, so a title pasted as
# "\u200b" alone passed Wagtail's required check and showed as an empty link (a role's
# reference, a career area's name, in the filters, the same).
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
# Blank characters of other categories: the Braille blank (a symbol) and the Hangul fillers
# (letters), which fonts draw as nothing.
INVISIBLE_CHARACTERS = frozenset("\u2800\u115f\u1160\u3164\uffa0")


def shows_nothing(text):
    return bool(text) and all(
        ch in INVISIBLE_CHARACTERS or unicodedata.category(ch) in INVISIBLE_CATEGORIES
        for ch in text
    )


# Control characters HTML forbids in a page (all but tab and the line ends): Word's line
# break inside a paragraph is a vertical tab, and pasted into a title it reached the page.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def refuse_text_that_shows_nothing(form, cleaned_data):
    """A form error on each text field of `form` whose value shows nothing, and on each
    text of a block in its StreamFields that shows nothing (a heading of "\u200b" alone
    was an empty <h2> on the page, an image's alt text of one was read as nothing), required
    or not: such text is neither there nor empty. In a text field's value that shows
    something, each control character becomes a space."""
    for name, field in form.fields.items():
        value = cleaned_data.get(name)
        if (
            isinstance(field, forms.CharField)
            and isinstance(value, str)
            and not shows_nothing(value)
            and CONTROL_CHARACTERS.search(value)
        ):
            cleaned_data[name] = CONTROL_CHARACTERS.sub(" ", value)
        elif isinstance(field, forms.CharField) and shows_nothing(value):
            form.add_error(name, _nothing_shown(field.required))
        elif (
            isinstance(field, BlockField)
            and value is not None
            and (error := _blocks_showing_nothing(field.block, value))
        ):
            form.add_error(name, error)


def _blocks_showing_nothing(block, value):
    """Wagtail's validation error for the texts in `value` (a value of `block`) that show
    nothing, placed on their blocks as Wagtail places its own; None if there are none."""
    if isinstance(block, blocks.StreamBlock):
        return _gathered(
            blocks.StreamBlockValidationError,
            (
                (i, _blocks_showing_nothing(child.block, child.value))
                for i, child in enumerate(value)
            ),
        )
    if isinstance(block, blocks.ListBlock):
        return _gathered(
            blocks.ListBlockValidationError,
            ((i, _blocks_showing_nothing(block.child_block, item)) for i, item in enumerate(value)),
        )
    if isinstance(block, ImageBlock):
        # A StructBlock whose value is the image, its alt text set on it.
        alt_text = getattr(value, "contextual_alt_text", None)
        if isinstance(alt_text, str) and shows_nothing(alt_text):
            error = ValidationError(_nothing_shown(required=True))
            return blocks.StructBlockValidationError(block_errors={"alt_text": error})
        return None
    if isinstance(block, blocks.StructBlock) and isinstance(value, Mapping):
        return _gathered(
            blocks.StructBlockValidationError,
            (
                (name, _blocks_showing_nothing(child, value.get(name)))
                for name, child in block.child_blocks.items()
            ),
        )
    if (
        isinstance(block, blocks.FieldBlock)
        and isinstance(block.field, forms.CharField)
        and isinstance(value, str)
        and shows_nothing(value)
    ):
        return ValidationError(_nothing_shown(block.required))
    return None


def _nothing_shown(required):
    if required:
        return _("Enter letters a reader can see.")
    return _("Enter letters a reader can see, or leave this empty.")


def _gathered(error_class, errors):
    """`error_class` (a StreamBlock's, ListBlock's or StructBlock's validation error) for
    the (position, error) pairs with an error, or None."""
    errors = {key: error for key, error in errors if error}
    return error_class(block_errors=errors) if errors else None


class VisibleTextForm(WagtailAdminModelForm):
    """An admin model form (snippets, settings) refusing text that shows nothing, as the
    page forms do (core.models.PortalPageForm)."""

    def clean(self):
        cleaned_data = super().clean()
        refuse_text_that_shows_nothing(self, cleaned_data)
        return cleaned_data


# Where Wagtail and modelcluster read what a form posted, trusting its shape: (function,
# the module it is in, or a prefix of it). Widgets read their fields (a block, the rich
# text editor: `data[...]`, `int()`, `json.loads()`, the rich text converter), a chooser
# looks up the id posted when the form is shown again (`abc`: search promotions, Sites,
# workflows), and an inline formset looks up each row by the id posted (its related
# pages, a workflow's tasks).
READING_POSTED_FIELDS = (
    ("value_from_datadict", "wagtail."),
    ("get_instance", "wagtail.admin.widgets.chooser"),
    ("_construct_form", "modelcluster.forms"),
    # The external link chooser's address field reads a missing one as text.
    ("to_python", "wagtail.admin.forms.choosers"),
    # A form refused is shown again with what was posted: rich text linking to a page
    # whose id is no number was looked up as it was.
    ("from_database_format", "wagtail.admin.rich_text"),
)
UNREADABLE = (
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    ValidationError,
    # Rich text naming an entity its map lacks (the converter's own error).
    ExporterException,
    # JSON nested deeper than Python reads.
    RecursionError,
)


def _raised_reading_wagtail_fields(error):
    """Whether `error` was raised where Wagtail or modelcluster read a form's posted fields
    (READING_POSTED_FIELDS)."""
    traceback = error.__traceback__
    while traceback is not None:
        frame = traceback.tb_frame
        module = frame.f_globals.get("__name__", "")
        if any(
            frame.f_code.co_name == function and module.startswith(prefix)
            for function, prefix in READING_POSTED_FIELDS
        ):
            return True
        traceback = traceback.tb_next
    return False


class UnreadableFormContentMiddleware:
    """A post to the admin whose StreamField or rich text content cannot be read
    (hand-made, or cut off on its way: no `body-count`, a count that is no number, a block
    without its type, rich text that is not the editor's JSON) is a 400 that saves
    nothing. Wagtail's widgets read their fields inside the form's validation with
    `data[...]`, `int()` and `json.loads()`, so such a post was a 500 in every form with a
    StreamField or rich text: pages, their previews, the settings. Validation comes before
    any save, and the form is not shown again (it would read the same fields)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (
            request.method == "POST"
            and isinstance(exception, UNREADABLE)
            and _raised_reading_wagtail_fields(exception)
        ):
            return None
        logger.warning("Unreadable form content posted to %s: %r", request.path, exception)
        return incomplete_form_page()


class AdminParametersMiddleware:
    """Parameters of the admin's addresses that Wagtail's views take on trust, made safe
    before they run (each was a 500, for any signed-in role):

    - `next` that is no path (`?next=abc`): Wagtail's views took a bare word for a URL
      name, and failed after saving (an image's or a document's edit). Dropped, so they go
      where they would without it.
    - `parent_page_id` that is no id: the link choosers built an address from it. Dropped.
    - `p`, a listing's page number, that is no number from 1 up: the workflow editor read
      it with `int()` and asked its paginator for page 0. Dropped, so the first page
      shows; a page past the last is a 404, as Wagtail's other listings answer.
    - A NUL character in the query or in a posted value: PostgreSQL refuses it in a query
      (a tag filter) and in a stored text (a block's id in a StreamField, a rich text
      link's id), and no browser sends one. A 400. So is a StreamField's or a list's
      count below zero (`body-count=-1`): Wagtail read it as no blocks, and saved the
      content emptied.
    - A chooser's "chosen" step for an id that is no id (`/admin/images/chooser/chosen/abc/`):
      Wagtail's generic chooser looks it up as given and catches only DoesNotExist. A 404.
    - A number too big for the database in a filter (`?owner=` with 20 digits): SQLite
      cannot bind it. A 400. Likewise an `offset` (the admin's API) or a `position` (a
      page's place among its siblings) past 2**63 - 1, which SQLite refuses as a
      datatype mismatch (an IntegrityError, no OverflowError), checked before the view
      runs.

    After UnreadableBodyMiddleware, which has read the post (views that read their own
    body, csrf_exempt, are left alone)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith("/admin/"):
            return None
        if "\x00" in unquote(request.META.get("QUERY_STRING", "")) or any(
            map(_is_too_big_a_number, _values(request.GET, NUMBERS_FOR_THE_DATABASE))
        ):
            return error_page_for_bad_query()
        match = request.resolver_match
        if (
            match is not None
            and (match.url_name or "").endswith("chosen")
            and "pk" in view_kwargs
            and not is_row_id(unquote_admin(str(view_kwargs["pk"])))
        ):
            raise Http404
        request.GET = _without_bad_parameters(request.GET)
        if request.method == "POST" and not getattr(view_func, "csrf_exempt", False):
            if any(
                "\x00" in value
                or _holds_half_a_character(value)
                or (name.endswith("-count") and value.strip().startswith("-"))
                for name, values in request.POST.lists()
                for value in values
            ):
                return incomplete_form_page()
            request.POST = _without_bad_parameters(request.POST)
        return None

    def process_exception(self, request, exception):
        if not request.path_info.startswith("/admin/"):
            return None
        if isinstance(exception, InvalidPage):
            from core.views import error_page  # core.views imports the models

            return error_page(
                404, _("This list has no such page"), _("Go back to the list's first page.")
            )
        if isinstance(exception, OverflowError):
            logger.warning("A number too big for the database in %s: %r", request.path, exception)
            return error_page_for_bad_query()
        return None


# A JSON escape of a surrogate: half of a character written out in two.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _holds_half_a_character(value):
    """Whether `value`, JSON (the rich text editor's), holds half of a character (a
    lone surrogate) once read: no text can be stored or shown with one (a draft saved
    with one was a 500 wherever it showed). The editor writes one only if its own page
    made one, so such a post is hand-made. Only values with such an escape are read."""
    if not SURROGATE_ESCAPE.search(value):
        return False
    try:
        json.dumps(json.loads(value), ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return True
    except (ValueError, RecursionError):
        return False  # not JSON: the widget reading it answers for that
    return False


# Parameters Wagtail's views hand to the database as numbers (OFFSET, a position).
NUMBERS_FOR_THE_DATABASE = ("offset", "position")
LARGEST_DATABASE_INTEGER = 2**63 - 1


def _values(params, names):
    return [value for name in names for value in params.getlist(name)]


def _is_too_big_a_number(text):
    """A number, read as Wagtail's views read it (`int()`, which takes `1_000` and other
    scripts' digits), past what a 64-bit integer holds; anything else is the view's to
    answer (a word, a negative offset: Wagtail's own 400; a negative position: last)."""
    try:
        return int(text) > LARGEST_DATABASE_INTEGER
    except ValueError:
        return False


def _is_page_number(text):
    return is_row_id(text) and int(text) > 0


# Each parameter the admin's views take on trust, and what a good value is.
CHECKED_PARAMETERS = (
    ("next", lambda value: value.startswith("/")),
    ("parent_page_id", is_row_id),
    ("p", _is_page_number),
)


def _without_bad_parameters(params):
    bad = [
        name
        for name, is_good in CHECKED_PARAMETERS
        if name in params and not all(map(is_good, params.getlist(name)))
    ]
    if not bad:
        return params
    params = params.copy()
    for name in bad:
        del params[name]
    return params


def error_page_for_bad_query():
    from core.views import error_page  # core.views imports the models, which import this

    return error_page(
        400,
        _("This address cannot be read"),
        _("Go back and try again, or start from the dashboard."),
    )


class UnreadableBodyMiddleware:
    """A post whose body cannot be read is a 400, not a 500: the body is read here, before
    the CSRF check reads it. Django answers some such bodies 400 (a multipart body
    without its boundary), but a charset no text is in (`charset=hex`), one that cannot
    replace what it cannot decode (`charset=idna`) or a part's base64 that is not base64
    raised other errors from its parser: a 500 on every form (sign-in, password reset, a
    page's password, the admin's); and a form post not in UTF-8, a 400 from Django, logged
    a traceback for each (one line here). Views that read their own body (csrf_exempt: the report
    form, with its own upload handlers) are left to do so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or getattr(view_func, "csrf_exempt", False):
            return None
        try:
            request.POST  # noqa: B018 - read now, as the CSRF check would
        except (MultiPartParserError, UnicodeError, LookupError, ValueError, BadRequest) as error:
            logger.warning("Unreadable body posted to %s: %r", request.path, error)
            return incomplete_form_page()
        return None


def incomplete_form_page():
    """The 400 page for a post the admin cannot read (hand-made, or cut off on its way)."""
    from core.views import error_page  # core.views imports the models, which import this

    return error_page(
        400,
        _("The form arrived incomplete"),
        _("Nothing was saved. Go back, reload the page and make your changes again."),
    )


# The longest side a fill may ask for in a preview (the largest rendition the templates
# ask for is 1,200 px wide).
MAX_FILL_SIDE = 10_000


def _fill_fits(operation, image):
    """Whether Wagtail's fill can crop `image` to the operation's shape: each side from 1
    to MAX_FILL_SIDE, and the crop at least a pixel each way (a 1x10000 fill of a
    300-pixel image is not: Willow refuses a crop under a pixel, and a 1x100000000 one
    ran out of memory)."""
    width, height = operation.width, operation.height
    if not (0 < width <= MAX_FILL_SIDE and 0 < height <= MAX_FILL_SIDE):
        return False
    crop_width = min(image.width, image.height * width / height)
    return crop_width >= 1 and crop_width * height / width >= 1


def image_preview(request, image_id, filter_spec):
    """Wagtail's preview of an image through a filter, answering a fill it cannot make
    (`fill-0x0`, `fill-10x0`, a side past MAX_FILL_SIDE, a shape thinner than a pixel
    of this image) as it answers any filter it cannot run: a 400. Its fill divided by
    a 0 side, or failed on the thin crop (500s). Only once the image is found and the
    user may change it: otherwise Wagtail answers (a 404, its refusal)."""
    # Wagtail's views import the models, which import this module.
    from wagtail.images import get_image_model
    from wagtail.images.exceptions import InvalidFilterSpecError
    from wagtail.images.models import Filter
    from wagtail.images.permissions import permission_policy
    from wagtail.images.views.images import preview

    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None and permission_policy.user_has_permission_for_instance(
        request.user, "change", image
    ):
        try:
            operations = Filter(spec=filter_spec).operations
        except InvalidFilterSpecError:
            operations = []  # Wagtail's view refuses it
        if any(op.method == "fill" and not _fill_fits(op, image) for op in operations):
            refusal = f"Invalid filter spec: {filter_spec}"
            return HttpResponseBadRequest(refusal, content_type="text/plain")
    return preview(request, image_id, filter_spec)


def editing_session_ping(request, app_label, model_name, object_id, session_id):
    """Wagtail's editing session ping (the editor pings it every few seconds), answering
    404 for an object id its model's key cannot be (`abc` for a page): it looked the
    object up with it, and the database field refused it (a 500); a 400 for a posted
    revision id that is no id (the editor sends its latest revision's)."""
    from wagtail.admin.views.editing_sessions import ping  # as image_preview's

    try:
        apps.get_model(app_label, model_name)._meta.pk.to_python(unquote_admin(object_id))
    except (LookupError, ValidationError) as error:
        raise Http404 from error
    if "revision_id" in request.POST and not is_row_id(request.POST["revision_id"]):
        return incomplete_form_page()  # it read the revision's id with int()
    return ping(request, app_label, model_name, object_id, session_id)
