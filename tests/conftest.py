import pytest

from portal import roles
from tests import factories


@pytest.fixture
def sections(db):
    return factories.site_with_sections()


@pytest.fixture
def home(sections):
    return sections["home"]


@pytest.fixture
def comms_editor(sections):
    return factories.user("comms", roles.COMMS_EDITORS)


@pytest.fixture
def comms_approver(sections):
    return factories.user("approver", roles.COMMS_APPROVERS)


@pytest.fixture
def recruiter(sections):
    return factories.user("recruiter", roles.RECRUITERS)


@pytest.fixture
def threat_level_manager(sections):
    return factories.user("threatlevel", roles.THREAT_LEVEL_MANAGERS)


@pytest.fixture
def superuser(sections):
    return factories.user("admin", roles.ADMINISTRATORS, is_superuser=True, is_staff=True)
