"""Django's createsuperuser, with the password rules it lets go of.

Without a prompt (`--noinput`, DJANGO_SUPERUSER_PASSWORD) Django checks no rule at all,
and at its prompt it offers to "bypass password validation": an administrator's account
made with "abc" (found by an operator's probe), whose first sign-in also enrols the
second factor, so whoever guesses the password first holds the account. Here the rules
hold both ways. Django's command has no setting or hook for either, so its prompt's
offer is answered "no" here, and the password from the environment checked first.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

BYPASS_PROMPT = "Bypass password validation"


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password is not None:
            user_model = get_user_model()
            username = options.get(user_model.USERNAME_FIELD) or os.environ.get(
                "DJANGO_SUPERUSER_" + user_model.USERNAME_FIELD.upper(), ""
            )
            email = options.get("email") or os.environ.get("DJANGO_SUPERUSER_EMAIL", "")
            try:
                validate_password(password, user_model(username=username, email=email))
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        own = createsuperuser.__dict__.get("input")  # None: it reads the built-in
        asking = own or input

        def never_bypass(prompt=""):
            if prompt.startswith(BYPASS_PROMPT):
                self.stderr.write("Choose a password the rules take.")
                return "n"
            return asking(prompt)

        createsuperuser.input = never_bypass  # the module's own name for it, in its loop
        try:
            return super().handle(*args, **options)
        finally:
            if own is None:
                del createsuperuser.input
            else:
                createsuperuser.input = own
