"""The plugin's shape, as a newcomer should find it: layers from the models up, no import going up a
layer, no cycle between sub-packages. Read from the sources with ``ast``: nothing is imported."""

from __future__ import annotations

import ast
from pathlib import Path

from .sitebuild import PROJECT

PACKAGE = PROJECT / "plugins" / "shopwindow"
NAME = "pelican.plugins.shopwindow"

# Each module's layer, by its name below the package (the first pattern that matches). A module may
# import its own layer and the ones below, never one above.
LAYERS = [
    (0, ("settings", "atomic", "build_state", "markup", "sanitise", "i18n", "urls", "links",
         "sources", "derived_cache", "parallel", "clock", "site_folder", "extras", "job_files")),
    (1, ("photos.",)),
    (2, ("testimonials.model", "testimonials.share_image", "testimonials.structured", "cases.model",
         "cases.chart", "jobs.model", "jobs.log", "jobs.quotes", "jobs.promise", "jobs.view", "jobs.cameras",
         "jobs.record", "access.")),
    (3, ("rendering", "listing", "published", "public_cache", "guard", "privacy_scan", "menu", "theme_frame")),
    (4, ("testimonials.generator", "cases.generator", "private.", "assets", "jobs.staff",
         "messages.")),
    (5, ("parts", "check", "stats", "cli", "live.", "scaffold.", "__init__")),
]  # fmt: skip


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> int:
    for rank, patterns in LAYERS:
        for pattern in patterns:
            if module == pattern or (pattern.endswith(".") and module.startswith(pattern)):
                return rank
            if module.startswith(pattern + ".") or module == pattern.rstrip("."):
                return rank
    raise AssertionError(f"{module}: no layer; add it to LAYERS")


def imports(module: str, source: str, is_package: bool = False) -> set[str]:
    """The package's own modules that ``source`` (the text of ``module``) imports, relative imports
    resolved."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    if module == "__init__":
        package = []
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.startswith(NAME + "."):
                target = node.module[len(NAME) + 1 :]
            else:
                continue
            for alias in node.names:
                candidate = f"{target}.{alias.name}" if target else alias.name
                found.add(candidate if _exists(candidate) else target)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(NAME + "."):
                    found.add(alias.name[len(NAME) + 1 :])
    return {name for name in found if name}


def _exists(module: str) -> bool:
    path = PACKAGE.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def graph() -> dict[str, set[str]]:
    return {
        module_name(p): imports(
            module_name(p), p.read_text(encoding="utf-8"), p.name == "__init__.py"
        )
        for p in PACKAGE.rglob("*.py")
    }


def upward_imports(modules: dict[str, set[str]]) -> list[str]:
    return [
        f"{module} (layer {layer(module)}) imports {target} (layer {layer(target)})"
        for module, targets in sorted(modules.items())
        for target in sorted(targets)
        if layer(target) > layer(module)
    ]


def cycles(modules: dict[str, set[str]]) -> list[str]:
    """Cycles between sub-packages (a top-level module counts as its own unit)."""

    def unit(module: str) -> str:
        return module.split(".")[0]

    edges: dict[str, set[str]] = {}
    for module, targets in modules.items():
        for target in targets:
            if unit(target) != unit(module):
                edges.setdefault(unit(module), set()).add(unit(target))
    found = set()

    def visit(node: str, path: list[str]) -> None:
        for following in sorted(edges.get(node, ())):
            if following in path:
                found.add(" -> ".join([*path[path.index(following) :], following]))
            elif len(path) < 12:
                visit(following, [*path, following])

    for start in sorted(edges):
        visit(start, [start])
    return sorted(found)


def test_no_module_imports_a_layer_above_its_own():
    upward = upward_imports(graph())
    assert upward == [], "\n".join(upward)


def test_no_import_cycle_between_sub_packages():
    found = cycles(graph())
    assert found == [], "\n".join(found[:10])


def test_both_checks_catch_a_model_that_imports_the_command():
    """The two tests above can fail: one line in a model importing the command is an upward import
    and, since the command imports the models, a cycle."""
    modules = graph()
    source = (PACKAGE / "jobs" / "promise.py").read_text(encoding="utf-8")
    modules["jobs.promise"] = imports("jobs.promise", source + "\nfrom ..cli import main\n")
    assert upward_imports(modules) == ["jobs.promise (layer 2) imports cli (layer 5)"]
    assert "cli -> jobs -> cli" in cycles(modules)
