from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_required_check(app_configs, **kwargs):
    """`check --deploy` warns when two-factor sign-in is not required."""
    if settings.TWO_FACTOR_REQUIRED:
        return []
    return [
        Warning(
            "TWO_FACTOR_REQUIRED is off: administrators, comms approvers, threat level "
            "managers and report handlers can sign in to the admin with a password alone.",
            hint="Unset TWO_FACTOR_REQUIRED or set it to true in production.",
            id="accounts.W001",
        )
    ]
