"""What `render_edge --run` says nginx is on: an address a browser on the machine opens."""

import pytest

from edge.nginx import visit_address


@pytest.mark.parametrize(
    ("listen", "address"),
    [
        ("127.0.0.1:8089", "http://127.0.0.1:8089/"),
        ("18120", "http://localhost:18120/"),  # a port alone: every address
        ("*:8080", "http://localhost:8080/"),
        ("80", "http://localhost/"),
        ("443 ssl", "https://localhost/"),
        ("127.0.0.1:8443 ssl,127.0.0.1:8089", "https://127.0.0.1:8443/"),
        ("[::1]:8080", "http://[::1]:8080/"),
        ("[::1]", "http://[::1]/"),
        ("portal.local", "http://portal.local/"),
    ],
)
def test_render_edge_names_an_address_a_browser_can_open(listen, address):
    """`render_edge --run --listen 18120` said nginx was on "http://18120/"."""
    assert visit_address(listen) == address
