"""What the threat level corrections' tests share: changes made as the admin makes
them, and its correction forms posted."""

import datetime
from unittest import mock

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from threats.models import (
    Scope,
    ThreatLevelChange,
    ThreatLevelCorrection,
    ThreatLevelSettings,
)

ATOM = "{http://www.w3.org/2005/Atom}"
WITHDRAW = "threats_admin:withdraw"
CORRECT_DATE = "threats_admin:correct_date"
REASON = "Entered for the wrong level by mistake."


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def long_date(day):
    return date_format(day, "j F Y")


def change(level, *, on=None, scope=Scope.NATIONAL, recorded_days_ago=0, note=""):
    """Change a level as the admin does, recorded now or `recorded_days_ago` days ago."""
    levels = ThreatLevelSettings.load()
    changed_at = start_of(on) if on else None
    if not recorded_days_ago:
        return levels.change(scope, level, changed_at=changed_at, note=note)
    then = timezone.now() - datetime.timedelta(days=recorded_days_ago)
    # The levels in force then took effect before it.
    levels.national_changed_at = levels.ni_changed_at = then - datetime.timedelta(days=1)
    levels.save()
    with mock.patch("django.utils.timezone.now", return_value=then):
        return levels.change(scope, level, changed_at=changed_at or then, note=note)


def rows():
    """Every change and correction recorded, and the levels in force."""
    levels = ThreatLevelSettings.objects.get()
    return (
        list(ThreatLevelChange.objects.order_by("pk").values()),
        list(ThreatLevelCorrection.objects.order_by("pk").values()),
        (levels.national_level, levels.national_changed_at, levels.ni_level, levels.ni_changed_at),
    )


def withdraw(client, entry, **fields):
    data = {"reason": REASON, **fields}
    return client.post(reverse(WITHDRAW, args=[entry.pk]), data)


def correct_date(client, entry, day, **fields):
    """`day` a date, or the text typed in."""
    took_effect_on = day.isoformat() if isinstance(day, datetime.date) else day
    data = {"took_effect_on": took_effect_on, "reason": REASON, **fields}
    return client.post(reverse(CORRECT_DATE, args=[entry.pk]), data)
