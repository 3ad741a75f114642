"""Only administrators read the security log."""

from editorial.roles import ADMINISTRATORS, ModelGrant

GRANTS = [ModelGrant(ADMINISTRATORS, ("accounts.view_securityevent",))]
