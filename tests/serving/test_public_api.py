"""Other apps use serving through its public API only (serving/__init__.py says which)."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# What other modules may import: the package itself and the modules of the two tiers.
PUBLIC = {"serving", "serving.process", "serving.shared"}
SKIPPED = {"serving", "tests", ".venv", "node_modules", ".git"}


def modules_outside_serving():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in SKIPPED or parts[0].startswith("."):
            continue
        yield path


def imported_names(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            for alias in node.names:
                yield f"{node.module}.{alias.name}"


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


def internal_imports(path):
    """The serving modules and names `path` imports that are not public, in order."""
    public_names = names_defined_in_the_package()
    found = []
    for name in imported_names(path):
        parts = name.split(".")
        if parts[0] != "serving" or len(parts) == 1:
            continue
        first_two = ".".join(parts[:2])
        if first_two not in PUBLIC and parts[1] not in public_names and first_two not in found:
            found.append(first_two)
    return found


def test_no_module_outside_serving_imports_its_internals():
    offenders = {
        str(path.relative_to(ROOT)): names
        for path in modules_outside_serving()
        if (names := internal_imports(path))
    }

    assert offenders == {}
    # The check reads what it should: the project's modules that use serving.
    checked = {str(path.relative_to(ROOT)) for path in modules_outside_serving()}
    assert {"core/models.py", "news/models.py", "bench/pages.py"} <= checked


def test_the_check_finds_an_internal_import(tmp_path):
    module = tmp_path / "uses_internals.py"
    module.write_text(
        "from serving import process\n"
        "from serving.generation import read\n"
        "import serving.changes\n"
        "from serving import purge_everything\n"
    )

    assert internal_imports(module) == [
        "serving.generation",
        "serving.changes",
    ]
