"""Read `aws …` lines by meaning and say precisely how two of them differ.

Global options may sit anywhere, `--opt value` = `--opt=value`, option order is free, shorthand
and JSON values compare equal, `--x`/`--no-x` are one boolean, `file://` arguments compare by
path. Services, commands and options are checked against `awsdata/` (generated once from the AWS
CLI, see gen_awsdata.py), so a typo gets the nearest real name instead of a vague "wrong".
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from tutor.grading.commands.match import (
    Bag,
    Diff,
    MatchContext,
    match_value,
    scalar_text,
    show,
)
from tutor.grading.commands.model import FileRef, Invocation, Option, Subst
from tutor.grading.commands.shorthand import (
    ShorthandError,
    parse_scalar_list,
    parse_structure,
)

_DATA = Path(__file__).with_name("awsdata")

GLOBAL_VALUE = frozenset({
    "region", "profile", "output", "endpoint-url", "query", "color", "ca-bundle",
    "cli-read-timeout", "cli-connect-timeout", "cli-binary-format",
})
GLOBAL_FLAG = frozenset({
    "debug", "no-cli-pager", "no-verify-ssl", "no-paginate", "no-sign-request",
    "cli-auto-prompt", "no-cli-auto-prompt", "version", "v2-debug",
})
COMMON = {"cli-input-json": "j", "cli-input-yaml": "j", "generate-cli-skeleton": "k",
          "starting-token": "s", "page-size": "i", "max-items": "i"}
# Options that change nothing the question is about, so an extra one is not a mistake.
HARMLESS = frozenset({
    "output", "no-cli-pager", "debug", "profile", "color", "cli-read-timeout",
    "cli-connect-timeout", "endpoint-url", "no-paginate", "page-size", "ca-bundle",
    "cli-binary-format", "region", "v2-debug", "no-cli-auto-prompt",
})
ENV_OPTIONS = {"AWS_REGION": "region", "AWS_DEFAULT_REGION": "region", "AWS_PROFILE": "profile",
               "AWS_DEFAULT_OUTPUT": "output"}
HARMLESS_ENV = frozenset({"AWS_PAGER", "AWS_PROFILE", "AWS_CLI_AUTO_PROMPT"})
# Commands that take positional words besides their options.
POSITIONAL = {("logs", "tail"): 1}
EXTRA_SERVICES = frozenset({"s3", "configure", "history", "ddb", "deploy", "help"})
V1_ONLY = {"aws ecr get-login"}


@lru_cache(maxsize=1)
def _index() -> tuple[frozenset[str], tuple[str, ...]]:
    data = json.loads((_DATA / "services.json").read_text(encoding="utf-8"))
    return frozenset(data["services"]) | EXTRA_SERVICES, tuple(data["tables"])


def services() -> frozenset[str]:
    """Every `aws` service command name."""
    return _index()[0]


@lru_cache(maxsize=1)
def _service_names() -> tuple[str, ...]:
    return tuple(sorted(services()))


@lru_cache(maxsize=16)
def operations(service: str) -> dict[str, dict[str, str]] | None:
    """Operation → option → kind for the services the table covers, else None."""
    if service not in _index()[1]:
        return None
    return json.loads((_DATA / f"{service}.json").read_text(encoding="utf-8"))


def nearest(word: str, options: Any, cutoff: float = 0.7) -> str | None:
    """The closest valid name to a typo (cached: the same typo gets the same answer)."""
    return _nearest(word, tuple(options), cutoff)


@lru_cache(maxsize=2048)
def _nearest(word: str, options: tuple[str, ...], cutoff: float) -> str | None:
    found = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    if not found:
        found = difflib.get_close_matches(word.lower(), options, n=1, cutoff=cutoff)
    return found[0] if found else None


def _is_option(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("--") and len(value) > 2


def _bool_label(spec: dict[str, str] | None, group: str, value: bool, fallback: str) -> str:
    if spec:
        sign = "+" if value else "-"
        for name, kind in spec.items():
            if kind == sign + group:
                return "--" + name
    return fallback


# --------------------------------------------------------------------------- reading


def normalize(values: list[Any], env: dict[str, Any]) -> Invocation:
    """Normalise the words after `aws` (already converted: str, or Subst for `$( … )`)."""
    inv = Invocation(tool="aws", key="aws", label="aws")
    issues = inv.issues
    for var, value in env.items():
        if var in ENV_OPTIONS:
            inv.options.setdefault(ENV_OPTIONS[var], Option(value, var))
        else:
            inv.env[var] = value
    i, n = 0, len(values)
    words: list[Any] = []
    while i < n and len(words) < 2:
        value = values[i]
        if _is_option(value):
            name, _, inline = value[2:].partition("=")
            if name in GLOBAL_VALUE or name in GLOBAL_FLAG:
                i = _global(values, i, name, inline if "=" in value else None, inv)
                continue
            issues.append(Diff(value, f"{value.partition('=')[0]} comes before the command: "
                               "options of a command go after `aws <service> <command>`"))
            i += 1
            if i < n and not _is_option(values[i]) and "=" not in value:
                i += 1
            continue
        words.append(value)
        i += 1
    if not words:
        issues.append(Diff("aws", "aws needs a service and a command, e.g. aws ecs list-clusters"))
        inv.meta.update(service=None, operation=None, spec=None, positional=0)
        return inv
    service = words[0] if isinstance(words[0], str) else show(words[0])
    if service not in services():
        near = nearest(service, _service_names(), 0.6)
        if near:
            issues.append(Diff("service", f"aws has no service {service!r}: did you mean {near}?",
                               near, service))
            service = near
        else:
            issues.append(Diff("service", f"aws has no service {service!r}", "", service))
    op = words[1] if len(words) > 1 else None
    if op is not None and not isinstance(op, str):
        op = show(op)
    spec: dict[str, str] | None = None
    ops = operations(service)
    if op is None:
        issues.append(Diff("command", f"`aws {service}` needs a command after the service name"))
    elif ops is not None:
        if op == "wait" and i < n and isinstance(values[i], str) and not _is_option(values[i]):
            op = f"wait {values[i]}"
            i += 1
        if op not in ops:
            service, op = _fix_operation(service, op, ops, issues)
            ops = operations(service) or {}
        spec = ops.get(op) if op else None
    inv.key = f"aws {service} {op}" if op else f"aws {service}"
    inv.label = inv.key
    inv.meta.update(service=service, operation=op, spec=spec,
                    positional=POSITIONAL.get((service, op or ""), 0 if spec is not None else -1))
    last_flag: str | None = None
    while i < n:
        value = values[i]
        if _is_option(value):
            name, eq, inline = value[2:].partition("=")
            inline_value = inline if eq else None
            if name in GLOBAL_VALUE or name in GLOBAL_FLAG:
                i = _global(values, i, name, inline_value, inv)
                last_flag = name if name in GLOBAL_FLAG else None
                continue
            kind = COMMON.get(name) or (spec.get(name) if spec is not None else "?")
            if kind is None and spec is not None:
                near = nearest(name, [*spec, *COMMON, *GLOBAL_VALUE, *GLOBAL_FLAG])
                where = inv.key
                if near:
                    issues.append(Diff("--" + name, f"{where} has no option --{name}: did you "
                                       f"mean --{near}?", "--" + near, "--" + name))
                    if near in GLOBAL_VALUE or near in GLOBAL_FLAG:
                        i = _global(values, i, near, inline_value, inv)
                        continue
                    name = near
                    kind = COMMON.get(near) or spec.get(near)
                else:
                    issues.append(Diff("--" + name, f"{where} has no option --{name}", "",
                                       "--" + name))
                    kind = "?"
            i = _option(values, i, name, inline_value, kind or "?", inv)
            last_flag = name if kind and kind[0] in "+-" else None
            continue
        if isinstance(value, str) and value.startswith("-") and len(value) > 1:
            bare, eq, inline = value.lstrip("-").partition("=")
            known = COMMON.get(bare) or (spec or {}).get(bare)
            if known or bare in GLOBAL_VALUE:
                issues.append(Diff(value, f"AWS CLI options start with two dashes: --{bare}, "
                                   f"not {value.partition('=')[0]}", "--" + bare, value))
                if known:
                    i = _option(values, i, bare, inline if eq else None, known, inv)
                else:
                    i = _global(values, i, bare, inline if eq else None, inv)
                continue
        if last_flag is not None and isinstance(value, str) and value.lower() in ("true", "false"):
            issues.append(Diff("--" + last_flag, f"--{last_flag} is a flag and takes no value: "
                               f"the {value!r} after it is left over"))
            i += 1
            continue
        inv.args.append(value)
        i += 1
    return inv


def _fix_operation(service: str, op: str, ops: dict[str, Any],
                   issues: list[Diff]) -> tuple[str, str]:
    """An unknown command: another service's, or a typo of this one's."""
    for other in _index()[1]:
        if other != service and op in (operations(other) or {}):
            issues.append(Diff("service", f"{op} is an {other} command, not {service}: "
                               f"aws {other} {op}", other, service))
            return other, op
    near = nearest(op, ops)
    if near:
        issues.append(Diff("command", f"aws {service} has no command {op}: did you mean {near}?",
                           near, op))
        return service, near
    issues.append(Diff("command", f"aws {service} has no command {op}", "", op))
    return service, op


def _global(values: list[Any], i: int, name: str, inline: str | None, inv: Invocation) -> int:
    label = "--" + name
    if name in GLOBAL_FLAG:
        if inline is not None:
            inv.issues.append(Diff(label, f"{label} is a flag and takes no value"))
        _store(inv, name, Option(True, label))
        return i + 1
    if inline is not None:
        _store(inv, name, Option(inline, label))
        return i + 1
    if i + 1 < len(values) and not _is_option(values[i + 1]):
        _store(inv, name, Option(values[i + 1], label))
        return i + 2
    inv.issues.append(Diff(label, f"{label} needs a value"))
    return i + 1


def _store(inv: Invocation, name: str, option: Option) -> None:
    if name in inv.options and inv.options[name].label.startswith("-"):
        inv.issues.append(Diff(option.label, f"{option.label} is given twice"))
    inv.options[name] = option


def _option(values: list[Any], i: int, name: str, inline: str | None, kind: str,
            inv: Invocation) -> int:
    """Consume one operation option and its value(s) starting at `values[i]`."""
    label = "--" + name
    n = len(values)
    if kind[0] in "+-":
        if inline is not None:
            inv.issues.append(Diff(label, f"{label} is a flag and takes no value"))
        _store(inv, kind[1:], Option(kind[0] == "+", label))
        return i + 1
    if kind == "k":
        if inline is None and i + 1 < n and values[i + 1] in ("input", "output", "yaml-input"):
            inline, i = values[i + 1], i + 1
        _store(inv, name, Option(inline or "input", label))
        return i + 1
    words: list[Any]
    if inline is not None:
        words, i = [inline], i + 1
    else:
        j = i + 1
        while j < n and not _is_option(values[j]) and (kind in "lL?" or j == i + 1):
            j += 1
        words, i = values[i + 1 : j], j
    if not words:
        if kind == "?":
            _store(inv, name, Option(True, label))
        else:
            inv.issues.append(Diff(label, f"{label} needs a value"))
        return i
    _store(inv, name, Option(_convert(kind, words, label, inv.issues), label))
    return i


def _file(text: str) -> FileRef | None:
    for scheme in ("file", "fileb"):
        if text.startswith(scheme + "://"):
            return FileRef(scheme, text[len(scheme) + 3 :])
    return None


def _json(text: str, label: str, issues: list[Diff]) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "too deeply nested"
        issues.append(Diff(label, f"{label}: the JSON doesn't parse: {msg}{where}"))
        return text


def _convert(kind: str, words: list[Any], label: str, issues: list[Diff]) -> Any:
    """Words of one option → a value compared by meaning, per the option's kind."""
    if any(isinstance(w, Subst) for w in words):
        return words[0] if len(words) == 1 else Bag(words)
    first: str = words[0]
    if kind in "stB":
        return _file(first) or first
    if kind in "if":
        if not scalar_text(first).lstrip("-").replace(".", "", 1).isdigit() and "\ue000" not in first:
            issues.append(Diff(label, f"{label} takes a number, not {first!r}"))
        return first
    if kind in "SM":
        ref = _file(first)
        if ref:
            return ref
        if first.lstrip().startswith(("{", "[")):
            return _json(first, label, issues)
        try:
            return parse_structure(first)
        except ShorthandError as exc:
            issues.append(Diff(label, f"{label}: neither JSON nor shorthand (key=value,…): {exc}"))
            return first
    if kind == "j":
        ref = _file(first)
        if ref:
            return ref
        if first.lstrip().startswith("{"):
            return _json(first, label, issues)
        if first.startswith(("file:", "fileb:")):
            issues.append(Diff(label, f"{label} {first}: write file:// with two slashes"))
        else:
            issues.append(Diff(label, f"{label} {first}: without file:// the CLI reads "
                               f"{first!r} itself as JSON and fails; write file://{first}"))
        return first
    items: list[Any] = []
    for word in words:
        ref = _file(word)
        if ref:
            return ref if len(words) == 1 else Bag([*items, ref])
        if word.lstrip().startswith(("[", "{")):
            parsed = _json(word, label, issues)
            if isinstance(parsed, list):
                items.extend(parsed)
            else:
                items.append(parsed)
        elif kind == "L" and "=" in word:
            try:
                items.append(parse_structure(word))
            except ShorthandError as exc:
                issues.append(Diff(label, f"{label}: not valid shorthand: {exc}"))
                items.append(word)
        elif kind == "?":
            items.append(word)
        else:
            try:
                items.extend(parse_scalar_list(word))
            except ShorthandError:
                items.append(word)
    if kind == "?" and len(items) == 1:
        return items[0]
    return Bag(items)


# --------------------------------------------------------------------------- comparing


def compare(expected: Invocation, got: Invocation, ctx: MatchContext) -> list[Diff]:
    """Differences between two invocations of the same `aws` command."""
    diffs = list(got.issues)
    spec = got.meta.get("spec")
    e_opts, g_opts = expected.options, got.options
    leftovers = list(got.args) if got.meta.get("positional", -1) == 0 else []
    unknown = {n: o for n, o in g_opts.items() if spec is not None and n not in e_opts
               and n not in spec and n not in COMMON and n not in GLOBAL_VALUE
               and n not in GLOBAL_FLAG}
    renamed: set[str] = set()
    for name, opt in e_opts.items():
        other = g_opts.get(name)
        if other is None:
            alias = next((n for n, o in unknown.items() if n not in renamed and not match_value(
                opt.value, o.value, MatchContext({}, frozenset()), "")), None)
            if alias is not None:
                renamed.add(alias)
                diffs = [d for d in diffs if d.part != "--" + alias]
                diffs.append(Diff(opt.label, f"{got.key} has no option --{alias}: the value "
                                  f"{_shown(opt.value)} goes with {opt.label}", opt.label,
                                  "--" + alias))
                continue
            hint = _leftover_for(opt, leftovers)
            if hint is not None:
                leftovers.remove(hint)
                diffs.append(Diff(opt.label, f"{show(hint)} needs its option name in front: "
                                  f"{opt.label} {show(opt.value)}", opt.label, show(hint)))
                continue
            diffs.append(_missing(name, opt, spec))
        elif isinstance(opt.value, bool) and isinstance(other.value, bool):
            if opt.value is not other.value:
                diffs.append(Diff(opt.label, f"use {opt.label}, not {other.label}", opt.label,
                                  other.label))
        else:
            diffs.extend(match_value(opt.value, other.value, ctx, opt.label))
    for name, opt in g_opts.items():
        if name not in e_opts and name not in HARMLESS and name not in renamed:
            text = opt.label if opt.value is True else f"{opt.label} {_shown(opt.value)}"
            diffs.append(Diff(opt.label, f"{text} isn't asked for here", "", text))
    for word in leftovers:
        diffs.append(Diff("argument", f"unexpected {show(word)}: {got.key} takes options, not "
                          "bare words (is an option name missing, or a value unquoted?)", "",
                          show(word)))
    if got.meta.get("positional", -1) != 0:
        if len(expected.args) == len(got.args):
            for k, (e, g) in enumerate(zip(expected.args, got.args, strict=True)):
                diffs.extend(match_value(e, g, ctx, f"argument {k + 1} of {got.key}"))
        elif len(expected.args) > len(got.args):
            missing = " ".join(show(a) for a in expected.args[len(got.args):])
            diffs.append(Diff("arguments", f"{got.key} is missing {missing}", missing, ""))
        else:
            extra = " ".join(show(a) for a in got.args[len(expected.args):])
            diffs.append(Diff("arguments", f"{extra} is one argument too many for {got.key}",
                              "", extra))
    for var, value in expected.env.items():
        if var not in got.env:
            diffs.append(Diff(var, f"missing {var}={show(value)} before the command"))
        else:
            diffs.extend(match_value(value, got.env[var], ctx, var))
    for var, value in got.env.items():
        if var not in expected.env and var not in HARMLESS_ENV:
            diffs.append(Diff(var, f"{var}={show(value)} isn't asked for here"))
    return diffs


def _leftover_for(opt: Option, leftovers: list[Any]) -> Any:
    """A bare word equal to a missing option's value: the learner forgot the option name."""
    for word in leftovers:
        if isinstance(word, str) and not match_value(
                opt.value, _file(word) or word, MatchContext({}, frozenset()), ""):
            return word
    return None


def _missing(name: str, opt: Option, spec: dict[str, str] | None) -> Diff:
    if name == "include-email" and opt.value is False:
        return Diff(opt.label, "missing --no-include-email: without it get-login prints a docker "
                    "login command with `-e none`, which Docker 17.06 and later reject",
                    opt.label, "")
    if name == "region":
        return Diff(opt.label, f"missing --region {show(opt.value)}: without it the CLI uses "
                    "whatever default region is configured", opt.label, "")
    if isinstance(opt.value, bool):
        label = _bool_label(spec, name, opt.value, opt.label)
        return Diff(label, f"missing {label}", label, "")
    return Diff(opt.label, f"missing {opt.label} {_shown(opt.value)}", _shown(opt.value), "")


def _shown(value: Any) -> str:
    """A value as it would be typed: list items space-separated."""
    if isinstance(value, Bag):
        return " ".join(show(v) for v in value)
    return show(value)
