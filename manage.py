#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A setting refused at start: its message says what to mend, and the 40 lines
        # of traceback through importlib above it said nothing more (an operator's probe).
        sys.exit(f"ImproperlyConfigured: {error}")
