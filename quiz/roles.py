"""What each admin group may do with the quiz (editorial.roles applies it)."""

from editorial.roles import COMMS_APPROVERS, COMMS_EDITORS, ModelGrant

STATEMENTS = (
    "quiz.add_factorfiction",
    "quiz.change_factorfiction",
    "quiz.delete_factorfiction",
    "quiz.view_factorfiction",
)

# Editors and approvers write the statements; the answer counts are not editable.
GRANTS = [
    ModelGrant(COMMS_EDITORS, STATEMENTS),
    ModelGrant(COMMS_APPROVERS, STATEMENTS),
]
