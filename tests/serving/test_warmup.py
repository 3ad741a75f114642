"""Templates compiled in gunicorn's master before it forks the workers (portal.warmup)."""

from pathlib import Path

from django.conf import settings
from django.template import engines

from portal.warmup import compile_templates


def test_every_project_template_is_compiled_and_kept():
    folder = Path(settings.TEMPLATES[0]["DIRS"][0])
    files = [path for path in folder.rglob("*") if path.is_file()]

    assert compile_templates() == len(files) > 50

    loader = engines["django"].engine.template_loaders[0]
    assert "base.html" in loader.get_template_cache


def test_a_template_that_does_not_compile_is_reported_not_raised(tmp_path, settings, caplog):
    (tmp_path / "fine.html").write_text("<p>{{ value }}</p>")
    (tmp_path / "broken.html").write_text("{% if %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    assert compile_templates() == 1
    assert "broken.html does not compile" in caplog.text
