"""The `mtpolish` command: `check`, and `rules` to list, explain and test rules.

Exit codes: 0 no issue at or above --fail-on; 1 issues found; 2 usage error, bad configuration
or rule file, unreadable or undecodable input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import (
    __version__,
    config,
    enginecache,
    inputs,
    loader,
    runner,
    selection,
    textio,
)
from .engine import Engine, bundled_packs, bundled_rules_dir
from .errors import MtpolishError
from .formatters import NAMES, FileResult, Options
from .formatters import get as get_formatter
from .issue import SEVERITIES, severity_rank
from .markup import MARKUPS

EXIT_CLEAN, EXIT_ISSUES, EXIT_ERROR = 0, 1, 2


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mtpolish",
        description="Find and fix machine-translation artifacts in English text.",
    )
    parser.add_argument("--version", action="version", version=f"mtpolish {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check files, folders or stdin (-)",
        description="Check files, folders (walked for .md, .markdown, .txt and .text files) "
        "or stdin (-).",
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=NAMES, default="text", help="output format (text)")
    check.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    check.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, also apply the first suggestion of unsafe fixes",
    )
    check.add_argument(
        "--diff", action="store_true", help="print the fixes as a diff; write nothing"
    )
    check.add_argument(
        "--markup",
        choices=("auto", *MARKUPS),
        default="auto",
        help="how to read the input (auto: by file extension)",
    )
    check.add_argument(
        "--config",
        metavar="PATH",
        help="configuration file to use instead of the one found for each file",
    )
    check.add_argument(
        "--fail-on", choices=SEVERITIES, help="lowest severity that makes the exit code 1 (minor)"
    )
    check.add_argument(
        "--min-severity",
        choices=SEVERITIES,
        help="lowest severity reported (minor); 'info' adds picky hints",
    )
    check.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even if issues are found (errors still exit 2)",
    )
    check.add_argument("--statistics", action="store_true", help="count issues per rule")
    check.add_argument(
        "--quiet", "-q", action="store_true", help="print issue lines only: no context, no summary"
    )
    check.add_argument(
        "--report-unused-suppressions",
        action="store_true",
        help="report suppression comments that suppress nothing",
    )
    check.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=runner.default_jobs(),
        metavar="N",
        help="processes for many files (default: the cores available)",
    )
    _rule_options(check)

    rules = commands.add_parser("rules", help="list, explain or test rules")
    rule_commands = rules.add_subparsers(dest="rules_command", metavar="SUBCOMMAND")
    _rule_options(rules)
    show = rule_commands.add_parser("show", help="explain one rule, with its examples")
    show.add_argument("rule_id", metavar="ID")
    _rule_options(show)
    test = rule_commands.add_parser(
        "test", help="run rules' examples (the bundled packs, or the files and folders given)"
    )
    test.add_argument("paths", nargs="*", metavar="PATH")
    rule_commands.add_parser("doc", help="print the rule reference in Markdown")
    return parser


def _rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="PATH",
        help="extra rule file or folder (repeatable)",
    )
    parser.add_argument(
        "--select",
        type=_list,
        action="extend",
        metavar="IDS",
        help="only these rules: ids, pack names or globs, comma-separated",
    )
    parser.add_argument(
        "--ignore",
        type=_list,
        action="extend",
        metavar="IDS",
        help="skip these rules: ids, pack names or globs, comma-separated",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        if args.command == "check":
            return _check(args)
        return _rules(args)
    except MtpolishError as e:
        _error(str(e))
        return EXIT_ERROR
    except BrokenPipeError:  # `mtpolish check ... | head`
        sys.stderr.close()
        return EXIT_ERROR


def _error(message: str) -> None:
    print(f"mtpolish: error: {message}", file=sys.stderr)


class _Engines:
    """One engine per configuration in use, built on first need from the CLI's options."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.engines: dict[Path | None, Engine] = {}
        self.configs: dict[Path | None, config.Config] = {}
        self.finder = config.Finder()
        self.explicit = config.load(Path(args.config)) if getattr(args, "config", None) else None

    def config_for(self, folder: Path) -> tuple[Path | None, config.Config]:
        if self.explicit is not None:
            return self.explicit.path, self.explicit
        path = self.finder.find(folder)
        cfg = config.load(path) if path else config.DEFAULT
        self.configs[path] = cfg
        return path, cfg

    def engine(self, key: Path | None) -> Engine:
        if key not in self.engines:
            cfg = (
                self.explicit
                if self.explicit is not None
                else self.configs.get(key, config.DEFAULT)
            )
            self.engines[key] = _build_engine(self.args, cfg)
        return self.engines[key]


def _build_engine(args: argparse.Namespace, cfg: config.Config) -> Engine:
    extra = [*(cfg.resolve(r) for r in cfg.rules), *args.rules]
    select = args.select or cfg.select
    ignore = [*cfg.ignore, *(args.ignore or [])]

    def build() -> Engine:
        try:
            packs = bundled_packs(cfg.packs)
        except ValueError as e:
            raise config.ConfigError(f"{cfg.path or 'configuration'}: key 'packs': {e}") from None
        packs = cfg.apply([*packs, *loader.load_paths(extra)])
        ids = [p.rule_id(r) for p in packs for r in p.rules]
        for option, selectors in (("--select", select), ("--ignore", ignore)):
            for selector in selection.unmatched(selectors or [], ids):
                raise MtpolishError(f"{option} {selector!r} matches no rule")
        return Engine(packs, select=select, ignore=ignore, accept=cfg.accepted_phrases())

    # Everything the engine is built from: the configuration's values (not only the keys read
    # above, so that a new key cannot be forgotten here) and the command line's rule options.
    recipe = {"config": vars(cfg), "path": cfg.path, "select": select, "ignore": ignore}
    vocabulary = [cfg.resolve(name) for name in cfg.vocabulary_files]
    return enginecache.get_or_build(
        [bundled_rules_dir(), *extra], recipe, build, data_files=vocabulary
    )


def _check(args: argparse.Namespace) -> int:
    engines = _Engines(args)
    tasks: list[runner.Task] = []
    errors: list[str] = []
    fail_on: dict[str, str] = {}
    for argument in args.paths:
        start = Path(argument) if os.path.isdir(argument) else Path(argument).parent
        key, cfg = engines.config_for(start if argument != "-" else Path.cwd())
        filters = inputs.Filters(cfg.include, cfg.exclude, cfg.gitignore, cfg.root)
        for item in inputs.expand(argument, filters):
            if isinstance(item, str):
                errors.append(item)
                continue
            if item.path is not None and engines.explicit is None:
                key, cfg = engines.config_for(item.path.parent)
            engines.engine(key)  # build now: a bad rule file must stop the run before any write
            source = None
            if item.path is None:
                try:
                    source = textio.decode(textio.read_limited(sys.stdin.buffer, "-"), "-")
                except MtpolishError as e:  # undecodable stdin: report it, check the rest
                    errors.append(str(e))
                    continue
            markup = inputs.markup_for(item.name) if args.markup == "auto" else args.markup
            min_severity = args.min_severity or cfg.min_severity
            tasks.append(
                runner.Task(len(tasks), item.name, item.path, markup, key, min_severity, source)
            )
            fail_on[item.name] = args.fail_on or cfg.fail_on
    for message in errors:
        _error(message)
    mode = runner.Mode(
        fix=args.fix,
        unsafe=args.unsafe_fixes,
        diff=args.diff,
        report_unused_suppressions=args.report_unused_suppressions,
    )
    show_progress = (
        sys.stderr.isatty() and not os.environ.get("CI") and len(tasks) >= runner.PARALLEL_MIN_FILES
    )
    results: list[FileResult] = []
    fixed: dict[str, int] = {}
    failed = bool(errors)
    changed = False
    for outcome in runner.run(
        engines.engines,
        tasks,
        mode,
        jobs=max(1, args.jobs),
        progress=runner.progress_printer() if show_progress else None,
    ):
        for warning in outcome.warnings:
            print(f"mtpolish: warning: {warning}", file=sys.stderr)
        if outcome.error:
            _error(outcome.error)
            failed = True
            continue
        if outcome.output:
            sys.stdout.write(outcome.output)
        if outcome.fixed:
            fixed[outcome.name] = outcome.fixed
            changed = True
        results.append(FileResult(outcome.name, outcome.text, outcome.issues, outcome.source))
    results.sort(key=lambda r: r.path)
    # With --diff, or --fix on stdin, stdout carries text; the report goes to stderr.
    to_stderr = args.diff or (args.fix and any(t.path is None for t in tasks))
    options = Options(
        quiet=args.quiet,
        statistics=args.statistics,
        show_fixes_hint=not (args.fix or args.diff),
        fixed=fixed,
        color=_color(sys.stderr if to_stderr else sys.stdout),
    )
    if results or not failed:
        out = sys.stderr if to_stderr else sys.stdout
        for piece in get_formatter(args.format)(results, options):
            out.write(piece)
    if failed:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    if any(
        severity_rank(i.severity) >= severity_rank(fail_on[r.path])
        for r in results
        for i in r.issues
    ):
        return EXIT_ISSUES
    return EXIT_ISSUES if args.diff and changed else EXIT_CLEAN


def _color(stream) -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org); FORCE_COLOR forces."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def _rules(args: argparse.Namespace) -> int:
    if args.rules_command == "test":
        packs = loader.load_paths(args.paths or [bundled_rules_dir()])
        return _test_rules(packs)
    if args.rules_command == "doc":
        from . import reference

        sys.stdout.write(reference.markdown(bundled_packs()))
        return EXIT_CLEAN
    engine = _build_engine(args, config.DEFAULT)
    if args.rules_command == "show":
        for compiled in engine.rules:
            if compiled.id == args.rule_id:
                print(_describe(compiled.id, compiled.rule, engine))
                return EXIT_CLEAN
        _error(f"no rule {args.rule_id!r}; `mtpolish rules` lists them")
        return EXIT_ERROR
    for compiled in engine.rules:
        rule = compiled.rule
        print(f"{compiled.id:45} {rule.severity:8} {rule.category:28} {rule.kind}")
    return EXIT_CLEAN


def _describe(rule_id: str, rule, engine: Engine) -> str:
    pack = next(p for p in engine.packs if rule_id.startswith(p.name + "/"))
    out = [
        rule_id,
        f"  kind:     {rule.kind}",
        f"  category: {rule.category}",
        f"  severity: {rule.severity}",
        f"  fix:      {'safe' if rule.safe else 'unsafe'}",
        f"  defined:  {pack.origins.get(rule.id, '?')}",
        "",
        f"  {rule.message}",
    ]
    for label in ("explain", "zh", "source", "link"):
        value = getattr(rule, label)
        if value:
            out.append(f"  {label}: {value}")
    if rule.examples:
        out += ["", "  examples:"]
        for example in rule.examples:
            if example.good is not None:
                out.append(f"    good:    {example.good}")
            else:
                out.append(f"    bad:     {example.bad}")
                if example.fixed is not None:
                    out.append(f"    fixed:   {example.fixed}")
                if example.flagged is not None:
                    out.append(f"    flagged: {example.flagged}")
    return "\n".join(out)


def _test_rules(packs) -> int:
    rules = sum(len(p.rules) for p in packs)
    count = sum(len(r.examples) for p in packs for r in p.rules)
    from . import examples

    failures = list(examples.failures(packs))
    for failure in failures:
        print(f"{failure.origin}: {failure.rule}: {failure.problem}")
    failed_rules = len({f.rule for f in failures})
    print(f"{rules - failed_rules} passed, {failed_rules} failed ({rules} rules, {count} examples)")
    return EXIT_ISSUES if failures else EXIT_CLEAN
