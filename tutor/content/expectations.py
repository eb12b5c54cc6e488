"""Evaluate JMESPath expectations against a document.

One evaluator serves snippet questions (the learner's JSON/YAML) and lab checks (the response of
a read-only AWS call), so both report expected-vs-actual the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from tutor.content.models import Expectation

_MISSING = object()


@dataclass(frozen=True)
class ExpectationResult:
    """The outcome of one expectation: what was wanted, what was there, and a message."""

    path: str
    test: str
    ok: bool
    expected: str
    actual: str
    message: str


@dataclass(frozen=True)
class CheckOutcome:
    """The outcome of one lab check (a read-only call plus its expectations)."""

    check_id: str
    description: str
    passed: bool
    results: tuple[ExpectationResult, ...] = ()
    hint: str | None = None
    error: str | None = None
    call: dict[str, Any] = field(default_factory=dict)

    @property
    def expected(self) -> str:
        return "; ".join(r.expected for r in self.results if not r.ok) or "all expectations"

    @property
    def actual(self) -> str:
        if self.error:
            return self.error
        return "; ".join(r.actual for r in self.results if not r.ok) or "as expected"


def show(value: Any) -> str:
    """A short, stable rendering of a value for expected/actual lines."""
    if value is _MISSING:
        return "nothing (the path selects no value)"
    try:
        text = json.dumps(value, sort_keys=True, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


_OPTIONS: Any = None


def _options() -> Any:
    """JMESPath options with our extra functions, built once.

    `from_json(s)` parses a JSON string: AWS returns policies (lifecycle, repository, trust) as
    strings, and checks need to look inside them.
    """
    global _OPTIONS
    if _OPTIONS is None:
        import jmespath
        from jmespath import functions

        class _Functions(functions.Functions):
            @functions.signature({"types": ["string", "null"]})
            def _func_from_json(self, text: str | None) -> Any:
                if text is None:
                    return None
                try:
                    return json.loads(text)
                except ValueError:
                    return None

        _OPTIONS = jmespath.Options(custom_functions=_Functions())
    return _OPTIONS


def search(path: str, document: Any) -> Any:
    """JMESPath search with our extra functions (`from_json`)."""
    import jmespath

    return jmespath.search(path, document, options=_options())


def evaluate(expectation: Expectation, document: Any) -> ExpectationResult:
    """Apply one expectation; never raises on any document."""
    from jmespath.exceptions import JMESPathError

    try:
        value = search(expectation.path, document)
    except JMESPathError as exc:  # pragma: no cover - paths are validated at load time
        return ExpectationResult(expectation.path, "path", False, "a valid path", str(exc), str(exc))
    except Exception as exc:
        return ExpectationResult(expectation.path, "path", False, "a searchable document",
                                 type(exc).__name__, f"could not search the document: {exc}")
    if value is None:
        value = _MISSING
    tests = expectation.tests or ("exists",)
    failures: list[tuple[str, str, str]] = []
    for test in tests:
        ok, expected = _apply(test, expectation, value)
        if not ok:
            failures.append((test, expected, show(value)))
    test_name = "+".join(tests)
    if not failures:
        return ExpectationResult(expectation.path, test_name, True, _describe(expectation),
                                 show(value), "ok")
    _, expected, actual = failures[0]
    default = f"`{expectation.path}` should be {expected}, but is {actual}"
    return ExpectationResult(expectation.path, test_name, False, expected, actual,
                             expectation.message or default)


def _describe(expectation: Expectation) -> str:
    parts = [_apply(t, expectation, None)[1] for t in (expectation.tests or ("exists",))]
    return " and ".join(parts)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _same(a: Any, b: Any) -> bool:
    """Equality that treats "512" and 512 alike (ECS stores task cpu/memory as strings)."""
    if a == b and type(a) is type(b):
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    na, nb = _number(a), _number(b)
    if na is not None and nb is not None:
        return na == nb
    return a == b


def _apply(test: str, e: Expectation, value: Any) -> tuple[bool, str]:
    present = value is not _MISSING
    if test == "equals":
        want = e.equals
        if want is None:
            return (not present, "null or absent")
        return (present and _same(value, want), f"equal to {show(want)}")
    if test == "in":
        options = e.in_ or ()
        if not present:
            return (None in options, f"one of {show(list(options))}")
        return (any(_same(value, o) for o in options), f"one of {show(list(options))}")
    if test == "contains":
        want = e.contains
        desc = f"something containing {show(want)}"
        if not present:
            return (False, desc)
        if isinstance(value, str):
            return (isinstance(want, str) and want in value, desc)
        if isinstance(value, list):
            return (any(_same(v, want) for v in value), desc)
        if isinstance(value, dict):
            if isinstance(want, dict):
                return (all(k in value and _same(value[k], v) for k, v in want.items()), desc)
            return (want in value, desc)
        return (False, desc)
    if test == "exists":
        return ((present == bool(e.exists)) if e.exists is not None else present,
                "present" if e.exists in (None, True) else "absent")
    if test == "absent":
        return ((not present) if e.absent in (None, True) else present,
                "absent" if e.absent in (None, True) else "present")
    if test == "matches":
        pattern = e.matches or ""
        desc = f"text matching /{pattern}/"
        if not present or not isinstance(value, str | int | float):
            return (False, desc)
        return (re.search(pattern, str(value)) is not None, desc)
    if test == "length":
        desc = f"of length {e.length}"
        try:
            return (present and len(value) == e.length, desc)
        except TypeError:
            return (False, desc)
    if test in ("gte", "lte"):
        bound = e.gte if test == "gte" else e.lte
        desc = f"{'>=' if test == 'gte' else '<='} {bound:g}" if bound is not None else test
        n = _number(value) if present else None
        if n is None or bound is None:
            return (False, desc)
        return ((n >= bound) if test == "gte" else (n <= bound), desc)
    return (False, f"unknown test {test}")  # pragma: no cover
