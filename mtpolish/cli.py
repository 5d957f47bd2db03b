"""The `mtpolish` command: `check`, and `rules` to list, explain and test rules.

Exit codes: 0 no issue at or above --fail-on; 1 issues found; 2 usage error, bad rule file,
unreadable or undecodable input.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import warnings
from collections.abc import Sequence

from . import __version__, examples, inputs, loader, reference, selection, textio
from .engine import Engine, bundled_rules_dir
from .errors import MtpolishError
from .formatters import NAMES, FileResult, Options
from .formatters import get as get_formatter
from .issue import SEVERITIES, severity_rank
from .markup import MARKUPS
from .segment import WORD

EXIT_CLEAN, EXIT_ISSUES, EXIT_ERROR = 0, 1, 2


def _list(value: str) -> list[str]:
    return [v for v in value.split(",") if v.strip()]


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
        description="Check files, folders (walked for .txt and .md files) or stdin (-).",
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
        "--fail-on",
        choices=SEVERITIES,
        default="minor",
        help="lowest severity that makes the exit code 1 (minor)",
    )
    check.add_argument(
        "--min-severity",
        choices=SEVERITIES,
        default="minor",
        help="lowest severity reported (minor); 'info' adds picky hints",
    )
    check.add_argument("--statistics", action="store_true", help="count issues per rule")
    check.add_argument(
        "--quiet", "-q", action="store_true", help="print issue lines only: no context, no summary"
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


def _engine(args: argparse.Namespace) -> Engine | None:
    engine = Engine.bundled(extra=args.rules, select=args.select, ignore=args.ignore)
    all_ids = Engine.bundled(extra=args.rules).rule_ids if (args.select or args.ignore) else []
    for option, selectors in (("--select", args.select), ("--ignore", args.ignore)):
        for selector in selection.unmatched(selectors or [], all_ids):
            _error(f"{option} {selector!r} matches no rule")
            return None
    return engine


def _check(args: argparse.Namespace) -> int:
    engine = _engine(args)
    if engine is None:
        return EXIT_ERROR
    rewriting = args.fix or args.diff
    results: list[FileResult] = []
    fixed_counts: dict[str, int] = {}
    failed = changed = False
    out = sys.stdout
    for item in inputs.expand(args.paths):
        if isinstance(item, str):
            _error(item)
            failed = True
            continue
        try:
            if item.path is None:
                source = textio.decode(textio.read_limited(sys.stdin.buffer, "-"), "-")
            else:
                source = textio.read(item.path, item.name)
            markup = inputs.markup_for(item.name) if args.markup == "auto" else args.markup
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                if rewriting:
                    result = engine.fix(
                        source.text,
                        unsafe=args.unsafe_fixes,
                        markup=markup,
                        path=item.name,
                        min_severity=args.min_severity,
                    )
                    issues, new_text = result.remaining, result.text
                else:
                    issues = engine.check(
                        source.text, markup=markup, path=item.name, min_severity=args.min_severity
                    )
                    new_text = None
            for w in caught:
                print(f"mtpolish: warning: {w.message}", file=sys.stderr)
            if new_text is not None and new_text != source.text:
                changed = True
                fixed_counts[item.name] = len(result.applied)
                if args.diff:
                    out.write(_diff(item.name, source.text, new_text))
                elif item.path is None:
                    out.write(new_text)
                else:
                    textio.write(item.path, source, new_text)
            elif args.fix and item.path is None:
                out.write(source.text)
        except MtpolishError as e:
            _error(str(e))
            failed = True
            continue
        shown = new_text if new_text is not None else source.text  # issues point into it
        results.append(FileResult(item.name, shown, issues, len(WORD.findall(shown))))
    results.sort(key=lambda r: r.path)
    # With --diff, or --fix on stdin, stdout carries the text; the report goes to stderr.
    report_stream = sys.stderr if args.diff or (args.fix and "-" in args.paths) else out
    options = Options(
        quiet=args.quiet,
        statistics=args.statistics,
        show_fixes_hint=not rewriting,
        fixed=fixed_counts,
    )
    report = get_formatter(args.format)(results, options) if results or not failed else ""
    if report:
        report_stream.write(report)
    if failed:
        return EXIT_ERROR
    threshold = severity_rank(args.fail_on)
    if any(severity_rank(i.severity) >= threshold for r in results for i in r.issues):
        return EXIT_ISSUES
    return EXIT_ISSUES if args.diff and changed else EXIT_CLEAN


def _diff(name: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def _rules(args: argparse.Namespace) -> int:
    if args.rules_command == "test":
        packs = loader.load_paths(args.paths or [bundled_rules_dir()])
        return _test_rules(packs)
    if args.rules_command == "doc":
        sys.stdout.write(reference.markdown(loader.load_paths([bundled_rules_dir()])))
        return EXIT_CLEAN
    engine = _engine(args)
    if engine is None:
        return EXIT_ERROR
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
        out.append("")
        out.append("  examples:")
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
    failures = list(examples.failures(packs))
    for failure in failures:
        print(f"{failure.origin}: {failure.rule}: {failure.problem}")
    failed_rules = len({f.rule for f in failures})
    print(f"{rules - failed_rules} passed, {failed_rules} failed ({rules} rules, {count} examples)")
    return EXIT_ISSUES if failures else EXIT_CLEAN
