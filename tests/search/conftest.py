from tests.serving.conftest import kept  # noqa: F401 (what pages are built from, kept)
