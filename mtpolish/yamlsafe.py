"""Composing a rule file's YAML so that no file, however hostile, can do more than be data.

The safe loader already refuses tags that build Python objects. What it allows is still enough
to hang or crash a run, so the node graph is bounded here before anything walks it:

- aliases are shared, not copied, by PyYAML, but every later walk (duplicate keys, construction,
  validation) expands them: nine levels of nine aliases ("billion laughs") are 387 million
  nodes. The expanded size is counted once, memoised per node, and capped;
- an alias inside its own anchor (`&a [*a]`) makes a cycle that every walk would follow forever;
- deep nesting (`[[[[...]]]]`) exhausts Python's stack in the recursive composer.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import RuleError

# A rule file is hand-written data: the bundled packs are under 100 kB and 7,000 nodes.
MAX_RULE_FILE_BYTES = 16 * 1024 * 1024
MAX_NODES = 200_000  # after expanding aliases
MAX_DEPTH = 64  # nested collections; a rule file needs about 6


def read_text(path: Path) -> str:
    """The file's text, refusing files too large to be a rule pack before reading them whole."""
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_RULE_FILE_BYTES + 1)
    except OSError as e:
        raise RuleError(f"{path}: cannot read rule file: {e.strerror or e}") from None
    if len(raw) > MAX_RULE_FILE_BYTES:
        raise RuleError(
            f"{path}: rule file is larger than {MAX_RULE_FILE_BYTES // (1024 * 1024)} MB; "
            "split it into several files"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise RuleError(
            f"{path}:{line}: cannot read rule file: not UTF-8 at byte {e.start} ({e.reason})"
        ) from None


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, refusing nesting deeper than MAX_DEPTH while it composes (it recurses)."""

    _depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {MAX_DEPTH} levels", mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def compose(path: Path, text: str) -> yaml.Node | None:
    """The root node of `text`, bounded as the module says; YAML errors become `RuleError`s."""
    loader = None
    try:
        loader = _BoundedLoader(text)  # checks the characters: can raise already
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        raise RuleError(f"{path}:{line}: invalid YAML: {e.problem or e}") from None
    except yaml.reader.ReaderError as e:  # a control character: name its line
        line = text.count("\n", 0, e.position) + 1
        raise RuleError(f"{path}:{line}: invalid YAML: {e.reason} (#x{e.character:04x})") from None
    except yaml.YAMLError as e:
        raise RuleError(f"{path}: invalid YAML: {e}") from None
    except RecursionError:  # a stack smaller than MAX_DEPTH needs; never a traceback
        raise RuleError(f"{path}: invalid YAML: nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()
    if root is not None:
        _check_size(path, root)
    return root


def _check_size(path: Path, root: yaml.Node) -> None:
    """Count nodes as a walk that expands aliases would meet them, without walking that far:
    each distinct node's expanded size is computed once (iteratively: no recursion either)."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > MAX_NODES:
                raise RuleError(
                    f"{path}:{node.start_mark.line + 1}: aliases expand to more than "
                    f"{MAX_NODES} nodes; refused (a rule file needs far fewer)"
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise RuleError(
                f"{path}:{node.start_mark.line + 1}: an alias refers to a collection that "
                "contains it (a cycle); refused"
            )
        on_path.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in on_path:
                raise RuleError(
                    f"{path}:{child.start_mark.line + 1}: an alias refers to a collection that "
                    "contains it (a cycle); refused"
                )
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
