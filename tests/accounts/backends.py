"""Test settings only: django-axes without its refusal of Client.login().

`Client.login()` (and Wagtail's `WagtailTestUtils.login()`) call authenticate() with no
request, which AxesStandaloneBackend refuses. Every sign-in that comes through a view
still carries its request, so lockout is checked exactly as in production.
"""

from axes.backends import AxesStandaloneBackend


class AxesBackendAllowingClientLogin(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
