"""Review that holds: a reviewed page goes live only through an independent approval.

A page type that mixes in `Reviewed` (the news index and its articles) can be published by
nobody directly, whatever their groups, superusers included: Wagtail asks the page's
permission tester (`can_publish()`, `can_publish_subpage()`) on every path that puts a
page live (the Publish button and a direct POST of it, bulk publish, revert and publish,
copy with "publish copies", an alias, a scheduled go-live, which is set by publishing).
The one way live is an approval in the "Comms review" workflow by someone other than the
submitter and the author of the revision approved (editorial.models), inside which
`approving()` lets Wagtail's own publish run for that page and that approver alone.

Superusers may override, with a reason, through "Publish without review" (editorial.views),
which records the reason in the page's history and the security log.

Why not only hide buttons: Wagtail's edit view falls back to saving a draft when Publish is
not allowed, and bulk actions, copies and the workflow's own publish each ask the tester;
answering there is the one place every path reads.
"""

import contextlib
import contextvars

from core.permissions import SitePagePermissionTester

_approving = contextvars.ContextVar("editorial_approving", default=None)


@contextlib.contextmanager
def approving(user, page):
    """Within it, `user` may publish `page` (the approval being carried out)."""
    token = _approving.set((user.pk, page.pk))
    try:
        yield
    finally:
        _approving.reset(token)


class ReviewedPagePermissionTester(SitePagePermissionTester):
    def can_publish(self):
        return _approving.get() == (self.user.pk, self.page.pk) and super().can_publish()

    def can_publish_subpage(self):
        # Creating a page and publishing it in one go: never under a reviewed page.
        return False

    # What Wagtail ties to publishing but puts nothing live keeps its usual rule.
    def can_set_view_restrictions(self):
        return not self.is_fixed_and_not_for_this_user() and super().can_publish()

    def can_unschedule(self):
        return super().can_publish()

    def can_publish_directly(self):
        """What Wagtail would allow without the review (the superuser's override asks it)."""
        return super().can_publish()


class Reviewed:
    """Mixin for page types whose pages go live only through an independent approval."""

    def permissions_for_user(self, user):
        return ReviewedPagePermissionTester(user, self)


def is_reviewed(page):
    return issubclass(page.specific_class or type(page), Reviewed)
