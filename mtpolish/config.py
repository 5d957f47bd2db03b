"""Project configuration: `.mtpolish.toml`, or `[tool.mtpolish]` in `pyproject.toml`.

For each checked file, the folders from the file's own up to the root are searched, nearest
first; in each, `.mtpolish.toml` wins over `pyproject.toml`, and a `pyproject.toml` without a
`[tool.mtpolish]` table is passed over. The first one found applies, alone (no merging). Paths
in it (rule folders, vocabulary files) are relative to its folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from .errors import MtpolishError
from .issue import Severity
from .pack import RulePack

CONFIG_NAMES = (".mtpolish.toml", "pyproject.toml")
DEFAULT_INCLUDE = ["*.md", "*.markdown", "*.txt", "*.text"]


class ConfigError(MtpolishError):
    """A configuration file is invalid: the message names the file and the key."""


class Config(BaseModel):
    # Built when a configuration file is read: most runs have none (see `DEFAULT`).
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

    packs: list[str] | None = None  # bundled packs to load; all if unset
    rules: list[str] = []  # extra rule files or folders
    select: list[str] | None = None
    ignore: list[str] = []
    severity: dict[str, Severity] = {}  # rule id (or pack, or glob) → severity
    include: list[str] = Field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = []
    gitignore: bool = True  # skip what .gitignore files ignore when walking folders
    fail_on: Severity = Field("minor", alias="fail-on")
    min_severity: Severity = Field("minor", alias="min-severity")
    language: list[str] | None = None  # languages expected in the text (`language` rules)
    vocabulary: list[str] = []  # phrases accepted everywhere
    vocabulary_files: list[str] = Field([], alias="vocabulary-files")

    _path: Path | None = PrivateAttr(None)  # the file it came from

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def resolve(self, relative: str) -> Path:
        return self.root / relative

    def accepted_phrases(self) -> list[str]:
        phrases = list(self.vocabulary)
        for name in self.vocabulary_files:
            path = self.resolve(name)
            try:
                lines = path.read_text(encoding="utf-8-sig").splitlines()
            except OSError as e:
                raise ConfigError(
                    f"{self.path}: key 'vocabulary-files': cannot read {path}: {e.strerror}"
                ) from None
            phrases += [line.strip() for line in lines if line.strip() and not line.startswith("#")]
        return phrases

    def apply(self, packs: list[RulePack]) -> list[RulePack]:
        """Packs with this configuration's severities and expected languages applied."""
        from .selection import matches

        if not self.severity and self.language is None:
            return packs
        changed = []
        for pack in packs:
            rules = []
            for rule in pack.rules:
                update: dict[str, Any] = {}
                for selector, severity in self.severity.items():
                    if matches(selector, pack.rule_id(rule)):
                        update["severity"] = severity
                if self.language is not None and rule.kind == "language":
                    update["expected"] = self.language
                rules.append(rule.model_copy(update=update) if update else rule)
            changed.append(pack.model_copy(update={"rules": rules}))
        return changed


# The defaults need no validation; validating would build the schema on every run.
DEFAULT = Config.model_construct()


def find(start: Path) -> Path | None:
    """The configuration file that applies to files in folder `start`, if any."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        found = _config_in(candidate)
        if found:
            return found
    return None


class Finder:
    """`find` for the files of one run: a folder's answer is looked up once, not once per file
    in it (resolving the path and walking up cost more than checking a small file's name)."""

    def __init__(self) -> None:
        self._found: dict[Path, Path | None] = {}

    def find(self, start: Path) -> Path | None:
        if start not in self._found:
            self._found[start] = find(start)
        return self._found[start]


@cache
def _config_in(folder: Path) -> Path | None:
    for name in CONFIG_NAMES:
        path = folder / name
        if path.is_file() and (name != "pyproject.toml" or _has_tool_table(path)):
            return path
    return None


def _has_tool_table(path: Path) -> bool:
    import tomllib  # here and in `load`: most runs read no configuration (start-up)

    try:
        with path.open("rb") as f:
            return "mtpolish" in tomllib.load(f).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError):
        return b"[tool.mtpolish" in path.read_bytes()  # broken: let `load` report it


@cache
def load(path: Path) -> Config:
    import tomllib

    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("mtpolish", {})
    try:
        config = Config.model_validate(data)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            key = ".".join(str(s) for s in err["loc"])
            problems.append(f"{path}: key '{key}': {err['msg']}")
        raise ConfigError("\n".join(problems)) from None
    config._path = path
    return config
