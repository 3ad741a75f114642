"""Other apps use serving through its public API only (serving/__init__.py says which):
the names serving/__init__.py defines, and those of the two tiers' modules listed in
their `__all__`. Imports, attributes reached through an imported module (`serving.changes`,
`process._group`) and dotted names in strings (settings, `import_module`) are all read."""

import ast
import importlib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The modules of the two tiers, whose `__all__` other apps may use.
TIERS = ("process", "shared")
# What settings name by its dotted path (Django imports it): the app, its middleware,
# the Redis backend and the fragment cache (that one is public).
CONFIGURATION = {
    "serving.middleware.ServingMiddleware",
    "serving.cache_backends.ResilientRedisCache",
}
SKIPPED = {"serving", "tests", ".venv", "node_modules", ".git"}


def modules_outside_serving():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in SKIPPED or parts[0].startswith("."):
            continue
        yield path


def names_defined_in_the_package():
    """The functions and constants serving/__init__.py defines: its public API."""
    tree = ast.parse((ROOT / "serving" / "__init__.py").read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
    return names


def public_names():
    """Every dotted name other apps may use: `serving`, `serving.<name>`, the tiers'
    modules and `serving.<tier>.<name in its __all__>`."""
    public = {"serving", *(f"serving.{name}" for name in names_defined_in_the_package())}
    for tier in TIERS:
        module = importlib.import_module(f"serving.{tier}")
        public |= {f"serving.{tier}", *(f"serving.{tier}.{name}" for name in module.__all__)}
    return public


def dotted(node, bound):
    """The dotted name an expression stands for, where it starts from a name bound to
    something of serving (`bound`: local name -> dotted name), else None."""
    if isinstance(node, ast.Name):
        return bound.get(node.id)
    if isinstance(node, ast.Attribute):
        base = dotted(node.value, bound)
        return f"{base}.{node.attr}" if base else None
    return None


def is_dotted_serving_string(node):
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith("serving.")
        and " " not in node.value
    )


def serving_names_used(path):
    """Every dotted name of serving that `path` reaches: by import, by an attribute of
    something imported, or written in a string."""
    tree = ast.parse(path.read_text(), filename=str(path))
    bound, used = {}, []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "serving":
                    used.append(alias.name)
                    # `import serving.x` binds `serving`; `import serving.x as y` binds y.
                    bound[alias.asname or "serving"] = alias.name if alias.asname else "serving"
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] == "serving":
                used.append(node.module)
                for alias in node.names:
                    used.append(f"{node.module}.{alias.name}")
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif is_dotted_serving_string(node):
            used.append(node.value)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and (name := dotted(node, bound)):
            used.append(name)
    return used


def internal_names(path):
    """The dotted names of serving `path` uses that are not public, sorted."""
    public = public_names() | CONFIGURATION
    used = set(serving_names_used(path))
    return sorted(
        name for name in used if name not in public and not is_within_public(name, public)
    )


def is_within_public(name, public):
    """A name reached through a public function or class (`serving.process.kept.x`),
    which is that object's business, not serving's layout."""
    parts = name.split(".")
    return any(
        ".".join(parts[:length]) in public and ".".join(parts[:length]) not in module_names()
        for length in range(2, len(parts))
    )


def module_names():
    return {"serving", *(f"serving.{tier}" for tier in TIERS)}


def test_no_module_outside_serving_uses_its_internals():
    offenders = {
        str(path.relative_to(ROOT)): names
        for path in modules_outside_serving()
        if (names := internal_names(path))
    }

    assert offenders == {}
    # The check reads what it should: the project's modules that use serving.
    checked = {str(path.relative_to(ROOT)) for path in modules_outside_serving()}
    assert {"core/models.py", "news/models.py", "bench/pages.py", "portal/settings/base.py"} <= (
        checked
    )


def test_the_check_finds_every_way_to_reach_an_internal(tmp_path):
    module = tmp_path / "uses_internals.py"
    module.write_text(
        "import importlib\n"
        "import serving\n"
        "import serving.process as tier\n"
        "from serving import process, purge_everything, shared\n"
        "from serving.generation import read\n"
        "from serving.process import kept, _group\n"
        "serving.changes.record(None)\n"
        "process.generation.read()\n"
        "tier._memory\n"
        "shared.store(None, None, None, None)\n"
        "importlib.import_module('serving.middleware')\n"
        "MIDDLEWARE = ['serving.middleware.ServingMiddleware', 'serving.checks.X']\n"
        "serving.purge_everything(); process.kept('k', list); shared.limit_query_to(None, [])\n"
        "kept.__name__\n"
    )

    assert internal_names(module) == [
        "serving.changes",
        "serving.changes.record",
        "serving.checks.X",
        "serving.generation",
        "serving.generation.read",
        "serving.middleware",
        "serving.process._group",
        "serving.process._memory",
        "serving.process.generation",
        "serving.process.generation.read",
        "serving.shared.store",
    ]


def test_each_tier_lists_only_what_it_defines():
    for tier in TIERS:
        module = importlib.import_module(f"serving.{tier}")
        assert module.__all__ and all(hasattr(module, name) for name in module.__all__)
