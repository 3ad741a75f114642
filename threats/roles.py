"""Threat level managers change the national threat level, and nothing else."""

from editorial.roles import ADMINISTRATORS, THREAT_LEVEL_MANAGERS, ModelGrant

CHANGE_THREAT_LEVEL = "threats.change_threatlevelsettings"

GRANTS = [
    ModelGrant(THREAT_LEVEL_MANAGERS, (CHANGE_THREAT_LEVEL,)),
    ModelGrant(ADMINISTRATORS, (CHANGE_THREAT_LEVEL,)),
]
