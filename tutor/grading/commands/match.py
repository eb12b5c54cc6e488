"""Compare a normalised expected value with the learner's, placeholders included.

Authors write `<account-id>`, `<region>`, `<name>` in answers. Before the shell sees the answer
each placeholder becomes a private-use sentinel (so `<` is not read as a redirection); a string
holding sentinels then matches any value the placeholder's regex (or the stem) accepts, and a
placeholder keeps the first value it matched: the same `<region>` must be the same everywhere.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

OPEN, CLOSE = "\ue000", "\ue001"
PLACEHOLDER = re.compile(r"<([A-Za-z][A-Za-z0-9_-]*)>")
SENTINEL = re.compile(f"{OPEN}([^{CLOSE}]*){CLOSE}")
DEFAULT_PLACEHOLDERS = {"account-id": r"\d{12}", "region": r"[a-z]{2}(-[a-z]+)+-\d"}
_DESCRIPTIONS = {
    "account-id": "a 12-digit account id",
    "region": "a region name such as us-east-1",
}
_STEM_TOKEN = re.compile(r"[\w.:/@+=-]+")
# Nested lists compare as multisets (subnets, security groups, port mappings…) except these,
# whose order changes the meaning.
ORDERED_KEYS = frozenset({"command", "entryPoint", "args", "Command", "Args", "EntryPoint",
                          "dnsServers", "dnsSearchDomains"})


@dataclass(frozen=True, slots=True)
class Diff:
    """One difference the learner reads; `part` names what was compared."""

    part: str
    message: str
    expected: str = ""
    given: str = ""


def mark(text: str) -> str:
    """Turn `<name>` placeholders into sentinels the shell parser treats as plain text."""
    return PLACEHOLDER.sub(lambda m: f"{OPEN}{m.group(1)}{CLOSE}", text)


def unmark(text: str) -> str:
    """Sentinels back to `<name>` for display."""
    return SENTINEL.sub(r"<\1>", text) if OPEN in text else text


def names_in(text: str) -> list[str]:
    """Placeholder names (sentinel form) in order of appearance."""
    return SENTINEL.findall(text)


def stem_values(stem: str) -> frozenset[str]:
    """Words of the stem a placeholder may take even if its regex would not accept them."""
    return frozenset(t.strip(".,:;") for t in _STEM_TOKEN.findall(stem))


def describe_placeholder(name: str, pattern: re.Pattern[str] | None) -> str:
    if name in _DESCRIPTIONS and (pattern is None or pattern.pattern == DEFAULT_PLACEHOLDERS[name]):
        return _DESCRIPTIONS[name]
    return f"a value matching /{pattern.pattern}/" if pattern is not None else "a value"


class MatchContext:
    """Placeholder rules plus the values placeholders have taken so far in one comparison."""

    __slots__ = ("bindings", "patterns", "stem")

    def __init__(self, patterns: dict[str, re.Pattern[str] | None], stem: frozenset[str]) -> None:
        self.patterns = patterns
        self.stem = stem
        self.bindings: dict[str, tuple[str, str]] = {}

    def fork(self) -> MatchContext:
        other = MatchContext(self.patterns, self.stem)
        other.bindings = dict(self.bindings)
        return other

    def adopt(self, other: MatchContext) -> None:
        self.bindings = other.bindings

    def accepts(self, name: str, value: str) -> bool:
        pattern = self.patterns.get(name)
        if pattern is None:
            return bool(value)
        return pattern.fullmatch(value) is not None or value in self.stem


class Matchable:
    """A normalised value that knows how to compare itself (file refs, images, substitutions)."""

    __slots__ = ()

    def match_against(self, got: Any, ctx: MatchContext, part: str) -> list[Diff]:
        raise NotImplementedError

    def show(self) -> str:
        raise NotImplementedError


class Bag(tuple):  # type: ignore[type-arg]
    """A list whose order does not matter (repeated flags, a top-level list option)."""

    __slots__ = ()


def show(value: Any) -> str:
    """A short rendering for messages, placeholders shown as `<name>`."""
    if isinstance(value, Matchable):
        return value.show()
    if isinstance(value, str):
        text = unmark(value)
        return text if text else '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list | dict):
        try:
            text = json.dumps(_plain(value), separators=(",", ":"), sort_keys=True)
        except (TypeError, ValueError):  # pragma: no cover - values are JSON-like
            text = repr(value)
        text = unmark(text)
        return text if len(text) <= 160 else text[:157] + "..."
    return unmark(str(value))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Matchable):
        return value.show()
    return value


def scalar_text(value: Any) -> str:
    """Scalars compared by meaning: `true` = True, `"3"` = 3 = 3.0 (shorthand vs JSON)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if value is None:
        return "null"
    text = str(value)
    low = text.lower()
    if low in ("true", "false"):
        return low
    if text[:1].isdigit() or text[:1] in "-+.":
        try:
            number = float(text)
        except ValueError:
            return text
        if number.is_integer() and abs(number) < 1e16:
            return str(int(number))
        return repr(number)
    return text


@lru_cache(maxsize=512)
def _template(expected: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    pieces = SENTINEL.split(expected)
    names = tuple(pieces[1::2])
    regex = "".join(re.escape(p) if k % 2 == 0 else "(.+?)" for k, p in enumerate(pieces))
    return re.compile(regex, re.DOTALL), names


def match_text(expected: str, got: str, ctx: MatchContext, part: str) -> Diff | None:
    """Literal equality, or a placeholder template match with consistent bindings."""
    if OPEN not in expected:
        if expected == got:
            return None
        return Diff(part, f"{part} should be {show(expected)}, not {show(got)}", show(expected),
                    show(got))
    pattern, names = _template(expected)
    m = pattern.fullmatch(got)
    if m is None:
        return Diff(part, f"{part} should look like {show(expected)}, not {show(got)}",
                    show(expected), show(got))
    fresh: dict[str, tuple[str, str]] = {}
    for name, value in zip(names, m.groups(), strict=True):
        if not ctx.accepts(name, value):
            desc = describe_placeholder(name, ctx.patterns.get(name))
            return Diff(part, f"{part}: {value!r} isn't {desc} (for <{name}>)", f"<{name}>", value)
        bound = ctx.bindings.get(name) or fresh.get(name)
        if bound is not None and bound[0] != value:
            return Diff(part, f"{part} uses {value} for <{name}>, but {bound[1]} uses {bound[0]}: "
                        f"<{name}> must be the same everywhere", bound[0], value)
        fresh[name] = (value, part)
    for name, binding in fresh.items():
        ctx.bindings.setdefault(name, binding)
    return None


def match_value(expected: Any, got: Any, ctx: MatchContext, part: str) -> list[Diff]:
    """Structural comparison: dicts by key, lists in order, scalars by meaning."""
    if isinstance(expected, Matchable):
        return expected.match_against(got, ctx, part)
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return [_mismatch(part, expected, got)]
        return _match_dict(expected, got, ctx, part)
    if isinstance(expected, tuple | list):
        if not isinstance(got, tuple | list):
            if isinstance(expected, Bag) and len(expected) == 1:
                return match_value(expected[0], got, ctx, part)
            return [_mismatch(part, expected, got)]
        return match_list(expected, got, ctx, part, ordered=not isinstance(expected, Bag))
    if isinstance(got, Bag) and len(got) == 1:
        return match_value(expected, got[0], ctx, part)
    if isinstance(got, dict | tuple | list | Matchable):
        return [_mismatch(part, expected, got)]
    if isinstance(expected, bool) and isinstance(got, bool):
        return [] if expected is got else [_mismatch(part, expected, got)]
    exp_text, got_text = scalar_text(expected), scalar_text(got)
    diff = match_text(exp_text, got_text, ctx, part)
    return [] if diff is None else [diff]


def _mismatch(part: str, expected: Any, got: Any) -> Diff:
    return Diff(part, f"{part} should be {show(expected)}, not {show(got)}", show(expected),
                show(got))


def _match_dict(expected: dict[str, Any], got: dict[str, Any], ctx: MatchContext,
                part: str) -> list[Diff]:
    diffs: list[Diff] = []
    lower_got = {k.lower(): k for k in got}
    for key, value in expected.items():
        sub = f"{part}.{key}"
        if key in got:
            other = got[key]
            if isinstance(value, list | tuple) and isinstance(other, list | tuple) \
                    and key not in ORDERED_KEYS:
                diffs.extend(match_list(value, other, ctx, sub, ordered=False))
            else:
                diffs.extend(match_value(value, other, ctx, sub))
            continue
        near = lower_got.get(key.lower())
        if near is not None:
            diffs.append(Diff(sub, f"{part}: key names are case-sensitive, write {key} not {near}",
                              key, near))
        else:
            diffs.append(Diff(sub, f"{part} is missing {key}={show(value)}", show(value), ""))
    lower_expected = {k.lower() for k in expected}
    for key in got:
        if key not in expected and key.lower() not in lower_expected:
            diffs.append(Diff(f"{part}.{key}", f"{part}: {key} isn't asked for here", "",
                              show(got[key])))
    return diffs


def match_list(expected: tuple[Any, ...] | list[Any], got: tuple[Any, ...] | list[Any],
               ctx: MatchContext, part: str, *, ordered: bool) -> list[Diff]:
    """Lists in order (`ordered`) or as multisets (tags, subnets, repeated flags)."""
    if ordered:
        if len(expected) != len(got):
            return [Diff(part, f"{part} should be {show(list(expected))}, not {show(list(got))}",
                         show(list(expected)), show(list(got)))]
        diffs: list[Diff] = []
        for k, (e, g) in enumerate(zip(expected, got, strict=True)):
            diffs.extend(match_value(e, g, ctx, f"{part}[{k}]"))
        return diffs
    remaining = list(got)
    missing: list[Any] = []
    for e in expected:
        for k, g in enumerate(remaining):
            trial = ctx.fork()
            if not match_value(e, g, trial, part):
                ctx.adopt(trial)
                del remaining[k]
                break
        else:
            missing.append(e)
    if len(missing) == 1 and len(remaining) == 1:
        return match_value(missing[0], remaining[0], ctx, part)
    diffs = [Diff(part, f"{part} is missing {show(e)}", show(e), "") for e in missing]
    diffs += [Diff(part, f"{part}: {show(g)} isn't asked for here", "", show(g)) for g in remaining]
    return diffs
