"""The house rules of the code, read from its imports (every import, also those inside functions):
no import cycles, and each stage uses only the stages below it (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
#: package folder -> module prefix
ROOTS = {REPO / "pathfinder": "pathfinder", REPO / "importers": "pathfinder.importers",
         REPO / "queries": "pathfinder.queries"}
#: what each stage may import from pathfinder (besides itself)
ALLOWED = {
    "pathfinder.importers": ["pathfinder.model", "pathfinder.records", "pathfinder.errors", "pathfinder.identity.keys",
                             "pathfinder.identity.companies", "pathfinder.identity.details"],
    "pathfinder.store": ["pathfinder.model", "pathfinder.errors", "pathfinder.queries"],
    "pathfinder.identity": ["pathfinder.model", "pathfinder.records", "pathfinder.errors", "pathfinder.store.protocol"],
    "pathfinder.ranking": ["pathfinder.model", "pathfinder.errors", "pathfinder.store.protocol",
                           "pathfinder.identity"],
    "pathfinder.jobs": ["pathfinder.model", "pathfinder.records", "pathfinder.errors", "pathfinder.store", "pathfinder.identity",
                        "pathfinder.ranking", "pathfinder.importers"],
    "pathfinder.faces": ["pathfinder.api", "pathfinder.model", "pathfinder.records", "pathfinder.errors"],
}


def modules() -> dict[str, Path]:
    out = {}
    for folder, prefix in ROOTS.items():
        for path in folder.rglob("*.py"):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join([prefix, *parts])] = path
    return out


def imports() -> dict[str, set[str]]:
    """Each module of the package -> the modules of the package it imports."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(parent + ([base] if base else []))
                for alias in node.names:  # "from pathfinder.jobs import ledger" imports a module
                    found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[name] = {m for m in found if m in known and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def stage(module: str) -> str | None:
    return next((s for s in sorted(ALLOWED, key=len, reverse=True) if module == s or module.startswith(s + ".")), None)


def test_there_are_no_import_cycles() -> None:
    assert cycles(imports()) == []


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_each_stage_uses_only_the_stages_below_it(name: str) -> None:
    allowed = ALLOWED[name]
    wrong = sorted(f"{module} imports {used}" for module, used_all in imports().items() if stage(module) == name
                   for used in used_all if stage(used) != name and used != "pathfinder"
                   and not any(used == a or used.startswith(a + ".") for a in allowed))
    assert wrong == []


def test_the_checks_find_what_they_look_for() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    graph = imports()
    assert "pathfinder.api" in graph["pathfinder.faces.cli_common"] and "pathfinder.store.protocol" in graph[
        "pathfinder.identity.held"]


def test_the_architecture_notes_name_modules_that_exist() -> None:
    """Every module, file or folder docs/architecture.md names is where it says (so it cannot go stale)."""
    import re

    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([\w/.]+\.(?:py|toml|md))`", text)) | set(re.findall(r"^  (\w+/)", text, re.M))
    searched = [REPO, REPO / "pathfinder", REPO / "pathfinder" / "store", REPO / "pathfinder" / "faces"]
    missing = sorted(n for n in named if not any((root / n).exists() for root in searched))
    assert len(named) > 30 and missing == []
    for stage in ALLOWED:  # and every stage folder is in the diagram
        assert f"  {stage.rsplit('.', 1)[1]}/" in text


def test_the_benchmarks_and_tools_import_what_exists() -> None:
    """bench/ and tools/ are plain scripts no test runs whole: what they import from pathfinder exists."""
    import importlib

    missing = []
    for script in sorted([*(REPO / "bench").glob("*.py"), *(REPO / "tools").glob("*.py")]):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pathfinder"):
                module = importlib.import_module(node.module or "")
                missing += [f"{script.name}: {node.module}.{a.name}" for a in node.names if not hasattr(module, a.name)
                            and importlib.util.find_spec(f"{node.module}.{a.name}") is None]
    assert missing == []


def test_the_command_line_loads_only_what_a_command_needs() -> None:
    """A cold `pathfinder paths` pays for what it uses: the CLI module pulls in no spreadsheet,
    web, data-frame or graph-library code, nor the importers or the ask (each loads on first use)."""
    import subprocess
    import sys

    code = ("import sys, pathfinder.faces.cli; "
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pandas', 'fastapi', 'starlette', 'openpyxl', 'networkx', 'neo4j', 'jinja2', 'uvicorn') "
            "or m.startswith(('pathfinder.importers', 'pathfinder.jobs.ask', 'pathfinder.faces.web')))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == [], loaded
    lazily = subprocess.run([sys.executable, "-c", "import pathfinder; print(pathfinder.open.__module__, "
                             "pathfinder.read_manifest.__module__, pathfinder.AskDraft.__name__)"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert lazily == ["pathfinder.api", "pathfinder.importers.reading", "AskDraft"]


def test_a_search_loads_no_import_machinery_nor_hashing(tmp_path: Path) -> None:
    """`pathfinder paths` on a store: no import records, no hashing (the weights and company rules
    are compared as they are), no fuzzy matching unless a name or account is not found."""
    import subprocess
    import sys

    import pathfinder
    from pathfinder.faces.demo import import_samples

    with pathfinder.open(tmp_path / "team.db") as pf:
        import_samples(pf, lambda _: None)
        pf.refresh_index()
    code = ("import sys, pathfinder.faces.cli as cli\n"
            f"sys.argv = ['pathfinder', '--store', {str(tmp_path / 'team.db')!r}, 'paths', '--account', 'Acme']\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(m for m in sys.modules if m in ('hashlib', 'difflib', 'pathfinder.records') "
            "or m.startswith('pathfinder.importers'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "Acme" in out and out.splitlines()[-1].split() == [], out
