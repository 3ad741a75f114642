"""createsuperuser keeps the password rules, with or without its prompts (found by an
operator's probe: "abc" made an administrator)."""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests import factories

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_a_password_from_the_environment_must_keep_the_rules(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "abc")

    def make():
        call_command(
            "createsuperuser",
            "--noinput",
            "--username=chief",
            "--email=chief@example.org",
            stdout=io.StringIO(),
        )

    with pytest.raises(CommandError, match="too short"):
        make()
    assert not get_user_model().objects.filter(username="chief").exists()

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", factories.TEST_PASSWORD)
    make()
    assert get_user_model().objects.get(username="chief").is_superuser


@pytest.mark.multiprocess
def test_its_prompt_offers_no_way_round_the_rules(tmp_path, db):
    """At a terminal Django offered to "bypass password validation": answered no here,
    it asks again, and takes a password the rules take."""
    import pty

    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    from tests.conftest import write_migrated_database

    if not write_migrated_database(database):
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=PROJECT_ROOT, env=env, check=True
        )
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "createsuperuser", "--username=chief", "--email=c@x.org"],
        cwd=PROJECT_ROOT,
        env=env,
        stdin=follower,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    said = b""

    def answer_when(prompt, text):
        nonlocal said
        deadline = time.monotonic() + 60
        while prompt not in said:
            assert time.monotonic() < deadline, said.decode(errors="replace")
            said += os.read(leader, 4096)
        said = said.split(prompt, 1)[1]
        os.write(leader, text.encode() + b"\n")

    answer_when(b"Password: ", "abc")
    answer_when(b"Password (again): ", "abc")
    answer_when(b"Password: ", factories.TEST_PASSWORD)  # asked again: no bypass
    answer_when(b"Password (again): ", factories.TEST_PASSWORD)
    assert process.wait(timeout=60) == 0
    os.close(leader)
    count = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.contrib.auth.models import User;"
            "print(User.objects.filter(username='chief', is_superuser=True).count())",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert count.stdout.strip().endswith("1")
