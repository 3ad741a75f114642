"""What a user may do to a page: Wagtail's rules, and one of the site's own."""

from wagtail.models import PagePermissionTester

from .editor_input import reserved_slug_error


class SitePagePermissionTester(PagePermissionTester):
    """Wagtail's rules, except that the site's fixed sections are deleted, moved,
    unpublished and made private by administrators alone: superusers, and those granted
    Wagtail's "bulk_delete" right over the page (the Administrators group holds it over
    the whole tree; editorial.roles).

    A fixed section is a page type the site has one of (`max_count = 1`: the home page,
    the threat levels page, the mission, the news and transcript indexes, the careers
    index, the report page). The threat level bar, the feeds and the menus find them by
    their type, and each holds a whole section: Wagtail lets anyone who may publish a page
    delete, move, unpublish or restrict it, so a comms editor could take the threat
    levels page away, or an approver the whole site with the home page. Editing and
    publishing them stays the comms staff's. (Moving is Wagtail's can_delete too.)
    Every page type's tester builds on this one (core.models.BasePage).
    """

    def is_fixed_and_not_for_this_user(self):
        fixed = getattr(self.page.specific_class, "max_count", None) == 1
        # `permissions`: the actions granted on the page or above (none for superusers).
        administrator = self.user.is_superuser or "bulk_delete" in getattr(self, "permissions", ())
        return fixed and not administrator

    def can_delete(self, ignore_bulk=False):
        return not self.is_fixed_and_not_for_this_user() and super().can_delete(ignore_bulk)

    def can_unpublish(self):
        return not self.is_fixed_and_not_for_this_user() and super().can_unpublish()

    def can_set_view_restrictions(self):
        return not self.is_fixed_and_not_for_this_user() and super().can_set_view_restrictions()

    def can_move_to(self, destination):
        # Among its siblings (the explorer's ordering, Wagtail's set_position), a page is
        # only reordered: that asks what ordering asks of the parent, not the right to
        # publish there (the careers index lends recruiters that for its subpages alone).
        if self.page.is_child_of(destination):
            return (
                self.can_move()
                and destination.permissions_for_user(self.user).can_reorder_children()
            )
        # Never into itself or below it, by the tree paths: Wagtail compares the page
        # with the destination as objects, and a page type's object never equals the
        # same page as a plain Page (the bulk Move's chooser search offered the page
        # itself as the destination: a 500). Nor to the top level with a slug the site's
        # own addresses take (core.editor_input): the page would be unreachable there.
        return (
            not destination.path.startswith(self.page.path)
            and reserved_slug_error(destination, self.page.slug) is None
            and super().can_move_to(destination)
        )

    def can_view_revisions(self):
        """History is offered where its view lets the user in: to those who may edit or
        publish the page (a recruiter was offered the Careers page's, then refused)."""
        return super().can_view_revisions() and (self.can_edit() or self.can_publish())
