from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import chooser as page_chooser
from wagtail.admin.views.bulk_action import index as bulk_actions
from wagtail.admin.views.pages import copy as page_copy
from wagtail.admin.views.pages import move as page_move
from wagtail.images.permissions import permission_policy as image_policy
from wagtail.images.views.chooser import viewset as images_chooser

from accounts import views as accounts_views
from core import choosing, editor_input, image_chooser, redirects, views
from editorial import bulk_pages, deleting
from editorial import views as editorial_views
from quiz import views as quiz_views
from reports import views as report_views
from search import views as search_views


def admin(view_class):
    """An admin view at an address of its own, wrapped as Wagtail's admin wraps its views:
    for users who may reach the admin, with the admin's 404 page, never cached."""
    return admin_function(view_class.as_view())


def admin_function(view):
    """admin(), for a view function."""
    view = require_admin_access(view)
    return never_cache(wagtailadmin_urls.display_custom_404(view))


urlpatterns = [
    # Wagtail's own view at its own address, saying what an approval did (editorial.views).
    path(
        "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        admin(editorial_views.WorkflowActionSayingWhatItDid),
    ),
    # ... and its confirmation that publishing cancels a review, for those who may edit.
    path(
        "admin/pages/workflow/confirm_cancellation/<int:page_id>/",
        admin(editorial_views.ConfirmCancellationForThoseWhoEdit),
    ),
    # Wagtail's image and document delete views at their own addresses, asking the
    # right to delete rather than to change, and their edit views (the upload page's
    # too) offering Delete to those who have it and saving a change only for those who
    # may edit everything that uses the item (editorial.deleting).
    path("admin/images/<int:image_id>/", admin(deleting.EditImage)),
    # Wagtail's account page, counting a wrong current password as the security page
    # does (accounts.views).
    path("admin/account/", admin(accounts_views.AccountCountingWrongPasswords)),
    # ... and its sign-out, by a POST alone.
    path("admin/logout/", accounts_views.SignOutByPostAlone.as_view()),
    # Wagtail's editing session ping, a 404 for an object id that cannot be one and a
    # 400 for a revision id that is none (core.editor_input).
    path(
        "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/"
        "<int:session_id>/",
        admin_function(editor_input.editing_session_ping),
    ),
    # Wagtail's image preview, refusing a fill it cannot make (core.editor_input).
    path(
        "admin/images/<int:image_id>/preview/<str:filter_spec>/",
        admin_function(editor_input.image_preview),
    ),
    # Wagtail's bulk actions, refusing ids that are none (editorial.bulk_pages).
    path(
        "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/",
        admin_function(bulk_pages.ids_checked(bulk_actions)),
    ),
    path("admin/documents/edit/<int:document_id>/", admin(deleting.EditDocument)),
    path("admin/images/<int:image_id>/delete/", admin(deleting.DeleteImage)),
    path("admin/images/multiple/<int:image_id>/", admin(deleting.EditUploadedImage)),
    path("admin/images/multiple/<int:image_id>/delete/", admin(deleting.DeleteUploadedImage)),
    path("admin/documents/delete/<int:document_id>/", admin(deleting.DeleteDocument)),
    path("admin/documents/multiple/<int:doc_id>/", admin(deleting.EditUploadedDocument)),
    path("admin/documents/multiple/<int:doc_id>/delete/", admin(deleting.DeleteUploadedDocument)),
    # Wagtail's image chooser, searching within a tag (core.image_chooser). Its "select
    # format" step, its page chooser's steps that read page ids and the page mover's
    # confirmation, answering only for what the user may choose or move (its image
    # "chosen" steps check already); its page copy and move forms, refusing a parent
    # that is no page; its reordering, a 404 for the root page; its page types report and
    # site history, for those who see the whole site (core.choosing).
    path("admin/images/chooser/", admin_function(image_chooser.viewset.choose_view)),
    path(
        "admin/images/chooser/results/",
        admin_function(image_chooser.viewset.choose_results_view),
    ),
    path(
        "admin/images/chooser/<int:image_id>/select_format/",
        admin_function(
            choosing.only_choosable(images_chooser.select_format_view, image_policy, "image_id")
        ),
    ),
    path(
        "admin/choose-page/",
        admin_function(choosing.only_choosable_pages(page_chooser.BrowseView.as_view())),
    ),
    path(
        "admin/choose-page/<int:parent_page_id>/",
        admin_function(choosing.only_choosable_pages(page_chooser.BrowseView.as_view())),
    ),
    path(
        "admin/choose-page/chosen-multiple/",
        admin_function(choosing.only_choosable_pages(page_chooser.ChosenMultipleView.as_view())),
    ),
    path(
        "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/",
        admin_function(choosing.move_confirm),
    ),
    path(
        "admin/pages/<int:page_to_move_id>/move/",
        admin_function(
            choosing.refuse_a_parent_that_is_no_page(
                page_move.MoveChooseDestination.as_view(), required=False
            )
        ),
    ),
    path("admin/pages/<int:page_to_move_id>/set_position/", admin_function(choosing.set_position)),
    path(
        "admin/pages/<int:page_id>/copy/",
        admin_function(choosing.refuse_a_parent_that_is_no_page(page_copy.copy, required=True)),
    ),
    path("admin/reports/page-types-usage/", admin(choosing.PageTypesUsage)),
    path(
        "admin/reports/page-types-usage/results/",
        admin_function(choosing.PageTypesUsage.as_view(results_only=True)),
    ),
    # What refers to a page, for whoever sees the page (core.choosing).
    path("admin/pages/<int:page_id>/usage/", admin(choosing.PageUsage)),
    path("admin/reports/site-history/", admin(choosing.SiteHistory)),
    path(
        "admin/reports/site-history/results/",
        admin_function(choosing.SiteHistory.as_view(results_only=True)),
    ),
    # Wagtail's redirect forms, refusing the site's own addresses; its import's
    # confirmation, a 400 for a post whose signed fields do not verify (core.redirects).
    path("admin/redirects/add/", admin(redirects.CreateRedirect), name="redirect-add"),
    path("admin/redirects/<int:redirect_id>/", admin(redirects.EditRedirect)),
    path("admin/redirects/import/process/", admin_function(redirects.process_import)),
    # Wagtail's error test, a deliberate 500 for anyone signed in: here it would only
    # set off the error alerts.
    path("admin/failwhale/", views.not_found),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document views, read only, and a collection's password with a limit on
    # tries (core.views).
    re_path(r"^documents/(\d+)/(.*)$", views.serve_document, name="wagtaildocs_serve"),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        views.document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("search/", search_views.search, name="search"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(".well-known/security.txt", views.security_txt, name="security-txt"),
    path("quiz/answer/", quiz_views.answer, name="quiz-answer"),
    path("quiz/result/<int:pk>/", quiz_views.result, name="quiz-result"),
    path("report/send/", report_views.send, name="report-send"),
    path("", include("news.urls")),
    path("", include("threats.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it answers every path the routes above do not. The
# password form of a private page posts to Wagtail's own address, here with a limit on
# tries; Wagtail's other `_util/` address, its unstyled sign-in, is no page here (a 404):
# signed-in-only pages send visitors to the admin's sign-in (WAGTAIL_FRONTEND_LOGIN_URL).
urlpatterns += [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        views.page_password,
    ),
    re_path(wagtail_urls.serve_pattern, views.serve_page, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
