"""The shape of the code: data flows one way through pipeline/'s stages, and the domain never
imports Dagster. A new import that runs back up a stage, or a circle, fails here."""
from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import PROJECT

PIPELINE = PROJECT / "pipeline"

# Each stage may import its own modules and those of earlier stages, never a later one.
# Two stages at the same level (the Word and the Excel writers) do not import each other.
STAGES = {
    "pipeline.model": 0, "pipeline.markdown": 0, "pipeline.settings": 0, "pipeline.request": 0,
    "pipeline.dates": 1,
    "pipeline.inputs": 2,
    "pipeline.status": 3,
    "pipeline.history": 4,
    "pipeline.report_model": 5,
    "pipeline.assemble": 6,
    "pipeline.wording": 7,
    "pipeline.word": 8, "pipeline.excel": 8,
    "pipeline.publish": 9,
}
OURS = ("pipeline", "assets", "portal", "cli")


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import in the file, nested ones included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [alias.name for alias in node.names]
            found.append((node.module, names))
            found += [(f"{node.module}.{n}", []) for n in names]  # "from pipeline import prose"
    return found


def stage(module: str) -> tuple[str, int] | None:
    for prefix, level in STAGES.items():
        if module == prefix or module.startswith(prefix + "."):
            return prefix, level
    return None


def pipeline_graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PIPELINE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {m for m, _ in imports_of(path) if m in modules and m != name}
    return graph


def test_every_pipeline_module_belongs_to_a_stage():
    unplaced = [m for m in pipeline_graph() if m != "pipeline" and stage(m) is None]
    assert unplaced == [], "add the new module's package to STAGES (and to the README's code map)"


def test_no_import_runs_back_up_a_stage_or_sideways():
    wrong = []
    for module, imported in pipeline_graph().items():
        here = stage(module)
        for target in imported:
            there = stage(target)
            if here and there and there[0] != here[0] and there[1] >= here[1]:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_no_import_circle():
    graph = pipeline_graph()
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            raise AssertionError("import circle: " + " -> ".join(path[path.index(node):] + [node]))
        if node in done:
            return
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, path + [node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])


def test_no_module_takes_another_packages_private_helper():
    wrong = []
    for path in [*PIPELINE.rglob("*.py"), *(PROJECT / "assets").rglob("*.py"), *(PROJECT / "portal").rglob("*.py"),
                 *(PROJECT / "cli").rglob("*.py")]:
        for module, names in imports_of(path):
            if module.split(".")[0] not in OURS or module.rsplit(".", 1)[0] == module_name(path).rsplit(".", 1)[0]:
                continue  # a library's own types, or a neighbour in the same package
            wrong += [f"{module_name(path)} takes {module}.{n}" for n in names if n.startswith("_")]
    assert wrong == []


def test_the_domain_never_imports_dagster():
    wrong = [f"{module_name(p)} imports {m}" for p in PIPELINE.rglob("*.py") for m, _ in imports_of(p)
             if m.split(".")[0] in ("dagster", "dagster_graphql", "dagster_webserver", "assets", "portal", "cli")]
    assert wrong == []


# Between the top-level packages, ties run one way: the command line may use everything; the staff
# page and the Dagster layer use the domain (and its one settings module), never each other or the
# command line; the domain uses none of them.
MAY_IMPORT = {"pipeline": set(), "assets": {"pipeline"}, "portal": {"pipeline"},
              "cli": {"pipeline", "assets", "portal"}}


def test_ties_between_top_level_packages_run_one_way():
    wrong = []
    for package, allowed in MAY_IMPORT.items():
        for path in (PROJECT / package).rglob("*.py"):
            for module, _ in imports_of(path):
                top = module.split(".")[0]
                if top in OURS and top != package and top not in allowed:
                    wrong.append(f"{module_name(path)} imports {module}")
    assert wrong == []


def test_only_the_settings_module_reads_the_products_environment_variables():
    """Folders, addresses and thresholds are read in pipeline/settings.py (the Dagster resource names the same
    variables through dg.EnvVar); DAGSTER_HOME, Dagster's own, is read where the instance is prepared."""
    wrong = []
    for package in OURS:
        for path in (PROJECT / package).rglob("*.py"):
            text = path.read_text("utf-8")
            if path.name != "settings.py" and ("os.environ.get(\"STC_" in text or "getenv(\"STC_" in text):
                wrong.append(module_name(path))
    assert wrong == []


def test_no_module_name_repeats_across_packages():
    """A module's name says which stage it belongs to: 'changes.py' in two packages sends a reader to the wrong one."""
    names: dict[str, list[str]] = {}
    for package in OURS:
        for path in (PROJECT / package).rglob("*.py"):
            if path.name != "__init__.py":
                names.setdefault(path.name, []).append(module_name(path))
    assert {name: found for name, found in names.items() if len(found) > 1} == {}


def test_pipeline_keeps_a_handful_of_modules_at_its_top_level():
    top = sorted(p.stem for p in PIPELINE.glob("*.py") if p.stem != "__init__")
    assert len(top) <= 7, top


def test_the_readme_code_map_names_every_package():
    readme = (PROJECT / "README.md").read_text("utf-8")
    packages = sorted(p.parent.name for p in PIPELINE.glob("*/__init__.py"))
    missing = [p for p in packages if f"  {p}/ " not in readme]
    assert missing == []
