"""Reading rule files: safe YAML, validation, errors that name file, line and cause."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from . import packcache
from .checks import KINDS
from .errors import RuleError
from .pack import PackFile, PackPart, RulePack

if TYPE_CHECKING:
    import yaml

RULE_SUFFIXES = (".yaml", ".yml")


def rule_files(paths: Iterable[str | Path]) -> list[Path]:
    """The rule files named, and those below the folders named, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if p.suffix in RULE_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            files.append(path)
        else:
            raise RuleError(f"{path}: no such rule file or folder")
    return files


def load_paths(paths: Iterable[str | Path]) -> list[RulePack]:
    return merge_packs([load_file(f) for f in rule_files(paths)])


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    parsed: PackFile
    origins: dict[str, str]  # rule id → "path:line"


def load_file(path: Path) -> LoadedFile:
    """One validated file, and where each of its rules stands (`path:line`)."""
    cached = packcache.get(path)
    if isinstance(cached, LoadedFile):
        return LoadedFile(path, cached.parsed, cached.origins)
    loaded = _load_file(path)
    packcache.put(path, loaded)
    return loaded


def _load_file(path: Path) -> LoadedFile:
    # Only when a file is read afresh: the cache spares most runs importing PyYAML.
    import yaml

    from . import yamlsafe

    root = yamlsafe.compose(path, yamlsafe.read_text(path))
    if not isinstance(root, yaml.MappingNode):
        line = root.start_mark.line + 1 if root is not None else 1
        raise RuleError(f"{path}:{line}: a rule file is a mapping with 'pack' and 'rules'")
    _refuse_duplicate_keys(path, root)
    try:
        data = yaml.SafeLoader("").construct_document(root)
    except yaml.MarkedYAMLError as e:  # tags that would build Python objects, among others
        line = e.problem_mark.line + 1 if e.problem_mark else 1
        raise RuleError(f"{path}:{line}: refused: {e.problem}") from None
    raw_rules = data.get("rules")
    defaults = data.get("defaults") or {}
    if isinstance(raw_rules, list) and isinstance(defaults, dict):
        data["rules"] = [{**defaults, **r} if isinstance(r, dict) else r for r in raw_rules]
    try:
        parsed = PackFile.model_validate(data)
    except ValidationError as e:
        raise RuleError(_describe(path, root, data, e)) from None
    origins = {}
    rule_nodes = _value(root, "rules")
    for i, rule in enumerate(parsed.rules):
        line = rule_nodes.value[i].start_mark.line + 1 if rule_nodes is not None else 1
        origins[rule.id] = f"{path}:{line}"
    return LoadedFile(path, parsed, origins)


def merge_packs(files: Sequence[LoadedFile]) -> list[RulePack]:
    """Group files by pack name; a rule id given twice is an error naming both places."""
    packs: dict[str, RulePack] = {}
    for loaded in files:
        parsed, origins = loaded.parsed, loaded.origins
        # Made from a validated file: constructed, not validated again (that would build the
        # schema of every rule kind on each run; see `rule.Example`).
        pack = packs.setdefault(parsed.pack, RulePack.model_construct(name=parsed.pack))
        pack.parts.append(
            PackPart.model_construct(
                file=loaded.path.name,
                description=parsed.description,
                source=parsed.source,
                rule_ids=[r.id for r in parsed.rules],
            )
        )
        for rule in parsed.rules:
            if rule.id in pack.origins:
                raise RuleError(
                    f"{origins[rule.id]}: duplicate rule id '{parsed.pack}/{rule.id}' "
                    f"(first defined at {pack.origins[rule.id]})"
                )
            pack.rules.append(rule)
            pack.origins[rule.id] = origins[rule.id]
    return list(packs.values())


def check_unique(packs: Sequence[RulePack]) -> None:
    """Packs loaded from different places must not share a name: their ids would clash."""
    seen: dict[str, RulePack] = {}
    for pack in packs:
        if pack.name in seen:
            first = next(iter(seen[pack.name].origins.values()), "?")
            here = next(iter(pack.origins.values()), "?")
            raise RuleError(f"{here}: pack '{pack.name}' is already loaded from {first}")
        seen[pack.name] = pack


def _refuse_duplicate_keys(path: Path, node: yaml.Node) -> None:
    import yaml  # imported by _load_file already; local so plain runs skip it

    # Tags were checked by the safe loader; a later duplicate key would silently win otherwise.
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise RuleError(
                        f"{path}:{key.start_mark.line + 1}: key '{key.value}' is given twice"
                    )
                seen.add(key.value)
            _refuse_duplicate_keys(path, value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_duplicate_keys(path, item)


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    import yaml  # imported by _load_file already; local so plain runs skip it

    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _node_at(root: yaml.Node, loc: tuple[Any, ...]) -> yaml.Node:
    """The deepest node along a validation error's location; steps the YAML lacks (such as the
    union's `kind` tag, or a missing field) are passed over."""
    import yaml  # imported by _load_file already; local so plain runs skip it

    node = root
    for step in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            node = _value(node, step) or node
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step] if step < len(node.value) else node
    return node


def _describe(path: Path, root: yaml.Node, data: Any, error: ValidationError) -> str:
    lines = []
    for err in error.errors()[:5]:
        loc = err["loc"]
        line = _node_at(root, loc).start_mark.line + 1
        where = ""
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            rule = data["rules"][loc[1]]
            rule_id = rule.get("id", f"#{loc[1] + 1}") if isinstance(rule, dict) else loc[1] + 1
            where = f"rule '{rule_id}': "
            loc = tuple(s for s in loc[2:] if not (isinstance(s, str) and s in KINDS))
        field = ".".join(str(s) for s in loc)
        message = err["msg"].removeprefix("Value error, ")
        lines.append(f"{path}:{line}: {where}{field + ': ' if field else ''}{message}")
    if len(error.errors()) > 5:
        lines.append(f"{path}: ... and {len(error.errors()) - 5} more errors")
    return "\n".join(lines)
