"""Work done once in gunicorn's master, before it forks the workers (`preload_app`).

Each worker would otherwise compile every template it meets on its first requests:
a few hundred milliseconds of a visitor's time, again after every worker recycle. Done
in the master, the compiled templates are in every worker from the start.
"""

import logging
from pathlib import Path

from django.template import TemplateSyntaxError, engines
from django.template.backends.django import DjangoTemplates

logger = logging.getLogger(__name__)


def compile_templates():
    """Compile every template in the template folders settings name; returns how many."""
    compiled = 0
    for engine in engines.all():
        if not isinstance(engine, DjangoTemplates):
            continue
        for folder in map(Path, engine.engine.dirs):
            for path in sorted(folder.rglob("*")):
                if not path.is_file():
                    continue
                name = path.relative_to(folder).as_posix()
                try:
                    engine.get_template(name)
                except TemplateSyntaxError:
                    # Served as it would be without the warm-up: the error shows where used.
                    logger.exception("Template %s does not compile", name)
                    continue
                compiled += 1
    return compiled


def warm_up():
    templates = compile_templates()
    logger.info("Warmed up before forking workers: %s templates compiled", templates)
