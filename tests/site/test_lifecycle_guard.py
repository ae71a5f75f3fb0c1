"""A petition's state is written only by the lifecycle's verbs (deiseb/petitions/lifecycle.py).

This reads every module of the app and fails on any other write of a Petition's `state` or
`debate_state`: a keyword to update/create/a constructor, or an attribute assignment, whose value
is one of Petition.State or Petition.DebateState. Reads (filters, predicates) are fine.
"""

import ast
from pathlib import Path

import deiseb

ROOT = Path(deiseb.__file__).parent
LIFECYCLE = ROOT / "petitions" / "lifecycle.py"
WRITES = {"update", "create", "get_or_create", "update_or_create", "Petition"}
FIELDS = {"state", "debate_state"}


def petition_state_aliases(tree: ast.Module) -> set[str]:
    """Names bound to Petition.State or Petition.DebateState in the module (`State = …`)."""
    aliases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute):
            value = node.value
            if isinstance(value.value, ast.Name) and value.value.id == "Petition":
                aliases.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return aliases


def is_petition_state(node: ast.AST, aliases: set[str]) -> bool:
    if not isinstance(node, ast.Attribute):
        return False
    base = node.value
    if isinstance(base, ast.Name):
        return base.id in aliases
    return (
        isinstance(base, ast.Attribute)
        and base.attr in {"State", "DebateState"}
        and isinstance(base.value, ast.Name)
        and base.value.id == "Petition"
    )


def writes_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    aliases = petition_state_aliases(tree)
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in WRITES:
                found += [
                    f"{where}:{node.lineno} {name}({kw.arg}=…)"
                    for kw in node.keywords
                    if kw.arg in FIELDS and is_petition_state(kw.value, aliases)
                ]
        if isinstance(node, ast.Assign) and is_petition_state(node.value, aliases):
            found += [
                f"{where}:{node.lineno} .{target.attr} = …"
                for target in node.targets
                if isinstance(target, ast.Attribute) and target.attr in FIELDS
            ]
    return found


def test_only_the_lifecycle_writes_a_petitions_state():
    modules = [
        path for path in ROOT.rglob("*.py") if "migrations" not in path.parts and path != LIFECYCLE
    ]
    assert len(modules) > 50
    assert [write for path in modules for write in writes_in(path)] == []


def test_the_guard_sees_a_write(tmp_path):
    sample = tmp_path / "sneaky.py"
    sample.write_text(
        "from deiseb.petitions.models import Petition\n"
        "State = Petition.State\n"
        "def sneak(petition):\n"
        "    Petition.objects.filter(pk=petition.pk).update(state=State.OPEN)\n"
        "    petition.debate_state = Petition.DebateState.DEBATED\n"
    )
    assert sorted(writes_in(sample)) == [
        "sneaky.py:4 update(state=…)",
        "sneaky.py:5 .debate_state = …",
    ]
