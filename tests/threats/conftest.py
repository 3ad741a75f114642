import pytest

from editorial import roles
from tests import factories


@pytest.fixture
def administrator(sections):
    """A member of Administrators who is not a superuser: the group's own rights."""
    return factories.user("administrator", roles.ADMINISTRATORS)
