"""The admin's groups and what each may do, applied by `manage.py setup_roles`.

Each app declares its own grants in `<app>/roles.py` as a list named GRANTS;
`apply_roles()` gathers them and makes every group hold exactly what is declared,
so running it again, or after a change to the declarations, converges.
"""

import contextvars
import logging
import sys
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)

from .workflows import apply_workflows

logger = logging.getLogger(__name__)

ADMINISTRATORS = "Administrators"
COMMS_EDITORS = "Comms editors"
COMMS_APPROVERS = "Comms approvers"
RECRUITERS = "Recruiters"
THREAT_LEVEL_MANAGERS = "Threat level managers"
REPORT_HANDLERS = "Report handlers"
GROUP_NAMES = (
    ADMINISTRATORS,
    COMMS_EDITORS,
    COMMS_APPROVERS,
    RECRUITERS,
    THREAT_LEVEL_MANAGERS,
    REPORT_HANDLERS,
)


CAREERS_COLLECTION = "Careers"


@dataclass(frozen=True)
class ModelGrant:
    """Model permissions such as 'threats.change_threatlevelsettings'."""

    group: str
    permissions: tuple[str, ...]


@dataclass(frozen=True)
class PageGrant:
    """Page permissions ('add', 'change', 'publish', ...) on a page and its subtree.

    `locate` is a function returning the page, or None while it does not exist yet.
    """

    group: str
    locate: object
    actions: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class ReviewedSection:
    """Pages under `locate()` go through the "Comms review" workflow (editorial.workflows).

    `locate` returns the section page, or None while it does not exist yet.
    """

    locate: object
    description: str = ""


@dataclass(frozen=True)
class CollectionGrant:
    """Image or document permissions within one collection (None: the root)."""

    group: str
    collection: str | None
    permissions: tuple[str, ...] = field(default=())


# While apply_roles() runs: lookups several grants make (the home page, a collection),
# made once. Nothing else changes the tree meanwhile (one transaction).
_looked_up = contextvars.ContextVar("roles_looked_up", default=None)


def looked_up_once(key, look_up):
    """`look_up()`, or its answer from earlier in this apply_roles() run."""
    answers = _looked_up.get()
    if answers is None:
        return look_up()
    if key not in answers:
        answers[key] = look_up()
    return answers[key]


def site_root():
    def look_up():
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        return site.root_page if site else None

    return looked_up_once("site_root", look_up)


def tree_root():
    return Page.get_first_root_node()


def top_level_page(slug):
    """A locator for the section page with this slug directly under the home page."""

    def locate():
        home = site_root()
        if home is None:
            return None
        return Page.objects.child_of(home).filter(slug=slug).first()

    return locate


def top_level_pages_except(locate_excluded):
    """A locator for every section page under home but the one `locate_excluded` finds,
    and but those of a reviewed type (editorial.review.Reviewed: News, Report information).

    A permission granted on the home page would reach every section; granting it on
    each section but some is how a section is left out. Sections added later receive it
    the next time setup_roles runs.
    """
    from .review import Reviewed

    def locate():
        home = site_root()
        if home is None:
            return None
        excluded = locate_excluded()
        sections = [
            page
            for page in Page.objects.child_of(home).specific(defer=True)
            if not isinstance(page, Reviewed)
        ]
        return [page for page in sections if excluded is None or page.pk != excluded.pk]

    return locate


def located_pages(found):
    """A locator's answer as a list of pages: None, one page or several."""
    if found is None:
        return []
    if isinstance(found, Page):
        return [found]
    return list(found)


def collection_named(name):
    def look_up():
        root = Collection.get_first_root_node()
        if name is None:
            return root
        existing = root.get_children().filter(name=name).first()
        return existing or root.add_child(name=name)

    return looked_up_once(("collection", name), look_up)


def declared_grants():
    """The GRANTS of every installed app's `roles` module (found as Django finds each
    app's admin.py), in the order of INSTALLED_APPS."""
    autodiscover_modules("roles")
    grants = []
    for app_config in apps.get_app_configs():
        grants.extend(getattr(sys.modules.get(f"{app_config.name}.roles"), "GRANTS", ()))
    return grants


def permission_ids():
    """A function giving the id of the Permission 'app_label.codename' (Wagtail's page
    permissions by their action alone: 'publish'), from one query for them all."""
    ids = {
        f"{app_label}.{codename}": pk
        for app_label, codename, pk in Permission.objects.values_list(
            "content_type__app_label", "codename", "pk"
        )
    }
    page_type = ContentType.objects.get_for_model(Page)

    def permission_id(dotted):
        if "." not in dotted:
            dotted = f"{page_type.app_label}.{dotted}_page"
        return ids[dotted]

    return permission_id


@transaction.atomic
def apply_roles(stdout=None):
    """Create the groups and make their permissions exactly the declared ones."""
    token = _looked_up.set({})
    try:
        return _apply_roles(stdout)
    finally:
        _looked_up.reset(token)


def _apply_roles(stdout):
    groups = groups_named(GROUP_NAMES)
    model_perms = {name: set() for name in groups}
    page_perms = set()  # (group id, page id, permission id)
    collection_perms = set()  # (group id, collection id, permission id)
    reviewed_pages = []
    permission_id = permission_ids()

    for grant in declared_grants():
        if isinstance(grant, ModelGrant):
            model_perms[grant.group].update(permission_id(p) for p in grant.permissions)
        elif isinstance(grant, PageGrant):
            pages = located_pages(grant.locate())
            if not pages:
                report(f"setup_roles: no page yet for {grant.group}: {grant.description}", stdout)
                continue
            page_perms.update(
                (groups[grant.group].pk, page.pk, permission_id(action))
                for page in pages
                for action in grant.actions
            )
        elif isinstance(grant, ReviewedSection):
            pages = located_pages(grant.locate())
            if not pages:
                report(f"setup_roles: no page yet for Comms review: {grant.description}", stdout)
            reviewed_pages.extend(pages)
        elif isinstance(grant, CollectionGrant):
            collection = collection_named(grant.collection)
            collection_perms.update(
                (groups[grant.group].pk, collection.pk, permission_id(p)) for p in grant.permissions
            )

    # Every group's rows in one query per kind, rather than three per group.
    held = {group.pk: set() for group in groups.values()}
    through = Group.permissions.through
    for group_id, permission_id in through.objects.filter(group__in=list(held)).values_list(
        "group_id", "permission_id"
    ):
        held[group_id].add(permission_id)
    for name, group in groups.items():
        if held[group.pk] != model_perms[name]:
            group.permissions.set(model_perms[name])
    for model, wanted, target in (
        (GroupPagePermission, page_perms, "page_id"),
        (GroupCollectionPermission, collection_perms, "collection_id"),
    ):
        sync_rows(
            model.objects.filter(group__in=list(held)),
            wanted,
            key=lambda row, target=target: (row.group_id, getattr(row, target), row.permission_id),
            create=lambda key, model=model, target=target: model(
                group_id=key[0], permission_id=key[2], **{target: key[1]}
            ),
        )
    apply_workflows(groups[COMMS_APPROVERS], reviewed_pages)
    remove_wagtail_default_groups(stdout)
    return groups


def groups_named(names):
    """{name: Group} for `names`, made where missing."""
    existing = {group.name: group for group in Group.objects.filter(name__in=names)}
    return {name: existing.get(name) or Group.objects.create(name=name) for name in names}


# Wagtail's migrations make these two groups, with rights over the whole page tree and
# every collection; the roles above replace them, and "Editors" is easily taken for
# "Comms editors".
WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")


def remove_wagtail_default_groups(stdout=None):
    """Delete Wagtail's default groups; one that someone is in keeps its name but loses
    every right, with a warning to move its members to a role."""
    for group in Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS):
        if not group.user_set.exists():
            group.delete()
            continue
        group.permissions.clear()
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()
        report(
            f"setup_roles: Wagtail's {group.name!r} group has members; it now grants nothing: "
            "put them in one of the site's groups",
            stdout,
        )


def report(message, stdout=None):
    """Said once: on the command's output where there is one (the console would show a
    log line beside it), otherwise in the log (roles applied at migrate)."""
    if stdout:
        stdout.write(message)
    else:
        logger.warning(message)


def sync_rows(queryset, wanted, key, create):
    """Delete the rows not wanted and add the wanted ones that are missing."""
    existing = {key(row): row for row in queryset}
    stale = [row.pk for k, row in existing.items() if k not in wanted]
    if stale:
        queryset.model.objects.filter(pk__in=stale).delete()
    missing = [create(k) for k in sorted(wanted - existing.keys())]
    if missing:
        queryset.model.objects.bulk_create(missing)


ACCESS_ADMIN = "wagtailadmin.access_admin"
IMAGES_EDIT = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
)
IMAGES_ALL = (*IMAGES_EDIT, "wagtailimages.delete_image")
DOCUMENTS_EDIT = (
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
DOCUMENTS_ALL = (*DOCUMENTS_EDIT, "wagtaildocs.delete_document")
USER_MANAGEMENT = (
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.view_user",
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
    "auth.view_group",
)
SITE_SETTINGS = ("core.change_sitesettings", "search.change_searchsettings")
REDIRECTS = (
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
)
SEARCH_PROMOTIONS = (
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "wagtailsearchpromotions.delete_searchpromotion",
    # The words search takes for others (search.models.Synonym).
    "search.add_synonym",
    "search.change_synonym",
    "search.delete_synonym",
)

GRANTS = [
    ModelGrant(ADMINISTRATORS, (ACCESS_ADMIN, *USER_MANAGEMENT, *SITE_SETTINGS)),
    PageGrant(
        ADMINISTRATORS,
        tree_root,
        ("add", "change", "publish", "bulk_delete", "lock", "unlock"),
        "the whole page tree",
    ),
    CollectionGrant(ADMINISTRATORS, None, IMAGES_ALL + DOCUMENTS_ALL),
    ModelGrant(COMMS_EDITORS, (ACCESS_ADMIN,)),
    # Comms editors edit everywhere; they publish every section but News (news/roles.py),
    # so not the home page itself either: they submit it to Comms review, which covers
    # the home page alone (core.models.BasePage.get_workflow).
    PageGrant(COMMS_EDITORS, site_root, ("add", "change"), "the home page"),
    ReviewedSection(site_root, "the home page"),
    CollectionGrant(COMMS_EDITORS, None, IMAGES_EDIT + DOCUMENTS_EDIT),
    ModelGrant(COMMS_APPROVERS, (ACCESS_ADMIN, *SITE_SETTINGS)),
    PageGrant(
        COMMS_APPROVERS,
        site_root,
        ("add", "change", "publish", "lock", "unlock"),
        "the home page",
    ),
    CollectionGrant(COMMS_APPROVERS, None, IMAGES_ALL + DOCUMENTS_ALL),
    ModelGrant(RECRUITERS, (ACCESS_ADMIN,)),
    ModelGrant(THREAT_LEVEL_MANAGERS, (ACCESS_ADMIN,)),
    # Redirects (old addresses kept working) and promoted search results.
    ModelGrant(COMMS_EDITORS, (*REDIRECTS, *SEARCH_PROMOTIONS)),
    ModelGrant(COMMS_APPROVERS, (*REDIRECTS, *SEARCH_PROMOTIONS)),
]
