"""What editors may choose, and see of what they may not.

A page form saves only the pages, images and documents its editor may choose.

Wagtail's choosers list only what a user may choose (the Recruiters see the Careers
collection, and the page chooser here only live pages and their own section's,
`choosable()`), but a page form takes any page, image or document by its id, in a field,
a block, rich text or an inline row: a recruiter could publish a picture from a
collection they cannot see, or a link to a draft of another section (its address, public
before the draft is, and its title shown back in the form). So each form asks, before
saving, that every page, image and document newly chosen in it is one the user may
choose. What the page held already stays, whoever edits it.
"""

from collections import defaultdict

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.pages import move as wagtail_move
from wagtail.admin.views.pages import ordering as wagtail_ordering
from wagtail.admin.views.pages import usage as wagtail_usage
from wagtail.admin.views.pages.choose_parent import ChooseParentView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.documents import get_document_model
from wagtail.documents.permissions import permission_policy as document_permissions
from wagtail.images import get_image_model
from wagtail.images.permissions import permission_policy as image_permissions
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import page_permission_policy
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import SnippetViewSet

from .editor_input import incomplete_form_page, reserved_slug_error
from .ids import is_row_id


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


def readable_choices(field, value):
    """chosen_in(), or None where `value` names something without its id (a link or an
    embed in a hand-made post)."""
    try:
        return chosen_in(field, value)
    except (KeyError, TypeError, ValueError):
        return None


_STORED = object()


def refuse_what_the_user_may_not_choose(form, cleaned_data, user=None, stored=_STORED):
    """Add an error to each field of `form` that chooses something by an id that names no
    row (a hand-made post: a page given one answered every visitor with a 500), or newly
    chooses a page, image or document its user may not choose. `form`: a page's form
    (what it held: its instance, not yet changed when its clean() runs), or one of its
    inline rows, with the page form's `user` and the row as `stored` (None for a new one)."""
    user = user or getattr(form, "for_user", None)
    stored = form.instance if stored is _STORED else stored
    for name, value in list(cleaned_data.items()):  # add_error takes a field out of it
        try:
            field = form.instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        chosen = readable_choices(field, value)
        if chosen is None or any(not is_row_id(pk) for pks in chosen.values() for pk in pks):
            form.add_error(name, _("This refers to something that does not exist."))
            show_as_stored(form, name)
            continue
        if user is None or user.is_superuser:
            continue
        # What the page holds (unreadable if stored so before ids were checked: then
        # everything chosen counts as new).
        before = readable_choices(field, getattr(stored, field.attname, None))
        before = before if before is not None else defaultdict(set)
        for model, pks in chosen.items():
            new = pks - before[model]
            allowed = choosable_by(user, model)
            if new and allowed is not None and allowed.filter(pk__in=new).count() < len(new):
                form.add_error(name, refusal(model))
                show_as_stored(form, name)  # not the refused link's page, looked up


def choosable_by(user, model):
    """What `user` may choose of `model` (a queryset), or None where anything goes."""
    if issubclass(model, Page):
        return Page.objects.filter(choosable(user))
    if issubclass(model, get_image_model()):
        return image_permissions.instances_user_has_permission_for(user, "choose")
    if issubclass(model, get_document_model()):
        return document_permissions.instances_user_has_permission_for(user, "choose")
    return None


def refusal(model):
    if issubclass(model, Page):
        return _("You may not link to this page: choose a published page, or one of yours.")
    noun = _("image") if issubclass(model, get_image_model()) else _("document")
    return _("You may not use this %(noun)s: choose one from your collections.") % {"noun": noun}


def show_as_stored(form, name):
    """Show rich text field `name` again as the page holds it: Wagtail's editor looks up
    each linked id to show the link, and one that is no id was a 500."""
    field = form.fields.get(name)
    stored = getattr(form.instance, name, None)
    if field is None or not isinstance(stored, str | None):
        return  # a StreamField: Wagtail's blocks refuse such values themselves
    data = form.data.copy()
    data[form.add_prefix(name)] = field.widget.format_value(stored or "")
    form.data = data


# What the admin shows of a page or picture, to those who may reach it.
#
# Wagtail's image chooser's "select format" step and its page mover's confirmation answer
# for any id to anyone who may use the admin (its "chosen" steps check already): a report
# handler saw a picture from a collection they cannot choose from, a recruiter the title
# of a draft in another section. Here they answer only for what the user may choose (or
# move); Wagtail's own views do the rest.


def only_choosable(view, permission_policy, id_argument):
    """Wagtail's chooser `view`, answering only for an object the user may choose."""

    def checked(request, *args, **kwargs):
        choosable = permission_policy.instances_user_has_permission_for(request.user, "choose")
        try:
            found = choosable.filter(pk=kwargs[id_argument]).exists()
        except (ValueError, TypeError, ValidationError):  # an id that cannot be one
            found = False
        if not found:
            raise Http404
        return view(request, *args, **kwargs)

    return checked


def choosable(user):
    """Which pages Wagtail's page chooser may show `user` (a filter): live pages, whose
    titles are public, and the pages the user may explore (drafts there included).
    Wagtail's chooser lists every page, drafts and scheduled pages included, to anyone
    who may use the admin: a report handler learnt a draft's title, a recruiter could
    still link a role to a video transcript."""
    explorable = page_permission_policy.explorable_instances(user)
    return models.Q(live=True) | models.Q(pk__in=explorable.values("pk"))


def only_choosable_pages(view):
    """Wagtail's page chooser steps that read page ids (the page browsed, the pages
    chosen), answering only for pages choosable() lets through: they looked each id up
    whatever the user might see, a draft's title and address for any id counted through.
    A page browsed that the user may not see is browsed from its nearest ancestor they may;
    an id chosen, or a page being moved (`target_pages[]`), that is no id is dropped
    (each was a 500 in Wagtail's view)."""

    def checked(request, *args, **kwargs):
        pages = Page.objects.filter(choosable(request.user))
        parent = kwargs.get("parent_page_id")
        if parent is not None and not pages.filter(pk=parent).exists():
            # Browsed from where it stands instead: its nearest ancestor the user may see
            # (the chooser opens at a linked page's parent, which may be such a draft).
            above = Page.objects.filter(pk=parent).first()
            above = pages.ancestor_of(above).order_by("-depth").first() if above else None
            kwargs["parent_page_id"] = (above or Page.get_first_root_node()).pk
        query = request.GET.copy()
        if "id" in query:
            asked = [pk for pk in query.getlist("id") if is_row_id(pk)]
            # Not the tree's root, which is no page to link to (Wagtail's view took its
            # parent, which it has none of: a 500).
            chosen = pages.filter(pk__in=asked, depth__gt=1).values_list("pk", flat=True)
            query.setlist("id", [str(pk) for pk in chosen])
        if "target_pages[]" in query:
            query.setlist(
                "target_pages[]", [pk for pk in query.getlist("target_pages[]") if is_row_id(pk)]
            )
        request.GET = query
        return view(request, *args, **kwargs)

    return checked


def refuse_a_parent_that_is_no_page(view, *, required):
    """Wagtail's page copy or move form `view`, answering 400 to a post whose
    `new_parent_page` names no page: the copy view looked it up before its form read it
    (`abc`, an id of no page or none at all: a 500), and the move form, refusing it, showed
    it again through its chooser (a 500). Left out of a move, the form says it is needed."""

    def checked(request, *args, **kwargs):
        if request.method == "POST":
            parent = request.POST.get("new_parent_page", "")
            if (parent or required) and not (
                is_row_id(parent) and Page.objects.filter(pk=parent).exists()
            ):
                return incomplete_form_page()
        return view(request, *args, **kwargs)

    return checked


def move_confirm(request, page_to_move_id, destination_id):
    """Wagtail's confirmation of a move, for those who may move the page there (Wagtail
    checks only the post): it names both pages."""
    page = get_object_or_404(Page, id=page_to_move_id).specific_deferred
    destination = get_object_or_404(Page, id=destination_id)
    permissions = page.permissions_for_user(request.user)
    if permissions.can_move() and (error := reserved_slug_error(destination, page.slug)):
        # Said as Wagtail says a slug taken at the destination (can_move_to refuses it).
        messages.error(request, error)
        return redirect("wagtailadmin_pages:move", page.pk)
    if not (permissions.can_move() and permissions.can_move_to(destination)):
        return permission_denied(request)
    return wagtail_move.move_confirm(request, page_to_move_id, destination_id)


def set_position(request, page_to_move_id):
    """Wagtail's reordering of a page among its siblings, answering 404 for the root page,
    which has none (Wagtail looked up its parent: a 500 for anyone)."""
    if get_object_or_404(Page, id=page_to_move_id).is_root():
        raise Http404
    return wagtail_ordering.set_page_position(request, page_to_move_id)


def sees_the_whole_site(user):
    """Whether the pages `user` may explore start at a Site's root or above: the page
    types usage report names the last page edited of each type, drafts included; the site
    history, what was done to the pages above the user's own (the home page, for a
    recruiter), and by whom."""
    root = page_permission_policy.explorable_root_instance(user)
    return root is not None and root.depth <= 2


class ForThoseWhoSeeTheWholeSite:
    """A Wagtail report refused to those who do not see the whole site (Wagtail shows it
    to anyone who may use the admin). The reports menu leaves it out for them too
    (editorial.wagtail_hooks)."""

    def dispatch(self, request, *args, **kwargs):
        if not sees_the_whole_site(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class PageTypesUsage(ForThoseWhoSeeTheWholeSite, PageTypesUsageReportView):
    pass


class SiteHistory(ForThoseWhoSeeTheWholeSite, LogEntriesView):
    pass


class PagesOfAType(wagtail_usage.ContentTypeUseView):
    """Wagtail's "Pages using" listing of a page type (the page types report leads to it),
    offering "Add" only where the user may add one: Wagtail offers it for every type, and
    for a one-of-a-kind type that exists already (the careers index, the news index...)
    its next step answered "you do not have permission", as its parent chooser does not
    ask `can_create_at()`."""

    def get_add_url(self):
        parents = ChooseParentView(model=self.model).get_valid_parent_pages(self.request.user)
        if not any(self.model.can_create_at(parent) for parent in parents.iterator()):
            return None
        return super().get_add_url()


class OneOfAKindPageViewSet(PageViewSet):
    """Wagtail's views of a page type with a `max_count`, with the listing above; each
    such type is registered (core.wagtail_hooks), as Wagtail registers every page type's."""

    content_type_use_view_class = PagesOfAType


class PageUsage(wagtail_usage.UsageView):
    """What refers to a page, for whoever sees the page in the explorer: Wagtail links
    "Referenced N times" in the page's side panel for them all, but answered only those
    who may edit the page (a recruiter on the careers index met "you do not have
    permission"). What refers to it that they may not edit shows as private, as
    Wagtail's listing does; the Edit button only for those who may."""

    def dispatch(self, request, *args, **kwargs):
        explorable = page_permission_policy.explorable_instances(request.user)
        if not explorable.filter(pk=self.object.pk).exists():
            return permission_denied(request)
        # Past Wagtail's own dispatch, whose check (the right to edit) this one replaces;
        # if Wagtail reshapes the class, the recruiter's test in careers fails.
        return super(wagtail_usage.UsageView, self).dispatch(request, *args, **kwargs)

    def get_edit_url(self, instance):
        if not instance.permissions_for_user(self.request.user).can_edit():
            return None
        return super().get_edit_url(instance)


# Snippet choosers, for those who keep the snippet.
#
# Wagtail's snippet choosers list, and answer for, every row to anyone who may use the
# admin: a threat level manager or a report handler listed the quiz's statements (those
# not yet shown too) and the search synonyms. Here they answer those with a permission on
# the model, as its listing does (recruiters choose the career areas and locations they
# keep).

KEEPING = ("add", "change", "delete", "view")


class ForThoseWhoKeepIt:
    def dispatch(self, request, *args, **kwargs):
        policy = ModelPermissionPolicy(self.model_class)
        if not policy.user_has_any_permission(request.user, KEEPING):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class SnippetChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = type("ChooseView", (ForThoseWhoKeepIt, snippet_chooser.ChooseView), {})
    choose_results_view_class = type(
        "ChooseResultsView", (ForThoseWhoKeepIt, snippet_chooser.ChooseResultsView), {}
    )
    chosen_view_class = type(
        "ChosenView", (ForThoseWhoKeepIt, snippet_chooser.SnippetChosenView), {}
    )
    chosen_multiple_view_class = type(
        "ChosenMultipleView", (ForThoseWhoKeepIt, snippet_chooser.SnippetChosenMultipleView), {}
    )
    create_view_class = type(
        "CreateView", (ForThoseWhoKeepIt, snippet_chooser.SnippetCreateView), {}
    )


class PortalSnippetViewSet(SnippetViewSet):
    """Wagtail's SnippetViewSet, its chooser for those who keep the snippet."""

    chooser_viewset_class = SnippetChooserViewSet
