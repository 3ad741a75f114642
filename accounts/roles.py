"""Only administrators read the security log."""

from portal.roles import ADMINISTRATORS, ModelGrant

GRANTS = [ModelGrant(ADMINISTRATORS, ("accounts.view_securityevent",))]
