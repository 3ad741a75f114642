"""Registered under /admin/ by wagtail_hooks.py, so Wagtail's admin access check applies."""

from django.urls import path

from . import views

urlpatterns = [
    path("account/security/", views.security, name="accounts_security"),
    path("account/two-factor/verify/", views.verify, name="accounts_two_factor_verify"),
    path(
        "account/two-factor/recovery/",
        views.verify_recovery,
        name="accounts_two_factor_recovery",
    ),
    path("account/two-factor/setup/", views.setup, name="accounts_two_factor_setup"),
    path(
        "account/two-factor/recovery-codes/",
        views.recovery_codes,
        name="accounts_recovery_codes",
    ),
    path(
        "account/two-factor/recovery-codes/new/",
        views.regenerate_recovery_codes,
        name="accounts_regenerate_recovery_codes",
    ),
    path("account/two-factor/remove/", views.remove, name="accounts_two_factor_remove"),
]
