"""Snippet questions: parse the learner's JSON/YAML, then check each expectation.

Parse errors point at the line and column of the learner's own text. Expectations go through
`tutor.content.expectations.evaluate`, the same evaluator the lab checks use. Score = share of
expectations met; correct only when all are.
"""

from __future__ import annotations

import json
from typing import Any

from tutor.content.expectations import evaluate
from tutor.content.models import SnippetQuestion
from tutor.grading.types import Detail, Grade

MAX_CHARS = 200_000
MAX_NODES = 100_000


class SnippetError(ValueError):
    """The text does not parse; the message names line and column."""


def _pointer(text: str, line: int, column: int) -> str:
    """`line L, column C` plus the line and a caret (1-based line and column)."""
    lines = text.splitlines() or [""]
    line = max(1, min(line, len(lines)))
    src = lines[line - 1]
    column = max(1, min(column, len(src) + 1))
    if len(src) > 120:
        lo = max(0, column - 60)
        src, column = src[lo : lo + 120], column - lo
    return f"line {line}, column {column}\n  {src}\n  {' ' * (column - 1)}^"


def load(text: str, fmt: str) -> Any:
    """Parse JSON or YAML (PyYAML's safe C loader when available); raises SnippetError."""
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise SnippetError(f"The JSON doesn't parse: {exc.msg} at "
                               f"{_pointer(text, exc.lineno, exc.colno)}") from None
        except RecursionError:
            raise SnippetError("The JSON nests too deeply.") from None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise SnippetError(f"The YAML doesn't parse: {problem}.") from None
        raise SnippetError(f"The YAML doesn't parse: {problem} at "
                           f"{_pointer(text, mark.line + 1, mark.column + 1)}") from None
    except yaml.YAMLError as exc:
        raise SnippetError(f"The YAML doesn't parse: {exc}") from None
    except RecursionError:
        raise SnippetError("The YAML nests too deeply.") from None


def too_big(document: Any) -> bool:
    """True past MAX_NODES nodes (YAML aliases can make a small text expand hugely)."""
    stack, seen = [document], 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
            stack.extend(node.keys())
        elif isinstance(node, list | tuple):
            stack.extend(node)
    return False


def grade_snippet(question: SnippetQuestion, response: Any, partial_credit: bool | None) -> Grade:
    text = "" if response is None else str(response)
    name = "JSON" if question.format == "json" else "YAML"
    if not text.strip():
        return Grade(0.0, False, (f"Write the {name} snippet.",))
    if len(text) > MAX_CHARS:
        return Grade(0.0, False, (f"That is {len(text):,} characters: far too long for this "
                                  "snippet.",))
    if "\x00" in text:
        return Grade(0.0, False, ("The text contains NUL characters (binary data?).",))
    try:
        document = load(text, question.format)
    except SnippetError as exc:
        return Grade(0.0, False, (str(exc),), extra={"parse_error": True})
    if too_big(document):
        return Grade(0.0, False, ("The document expands to far too many values (YAML aliases?).",))
    results = [evaluate(e, document) for e in question.expect]
    details = tuple(Detail(r.path, r.expected, r.actual, r.ok) for r in results)
    passed = sum(r.ok for r in results)
    total = len(results)
    correct = passed == total
    if correct:
        return Grade(1.0, True, (), details)
    lines = [r.message for r in results if not r.ok]
    lines.append(f"{passed} of {total} checks pass.")
    score = 0.0 if partial_credit is False else round(passed / total, 4)
    return Grade(score, False, tuple(lines), details)


def check_snippet_key(question: SnippetQuestion) -> list[str]:
    """The model answer must parse and meet every expectation."""
    try:
        document = load(question.answer, question.format)
    except SnippetError as exc:
        return [f"the snippet answer doesn't parse: {exc}"]
    return [f"the snippet answer fails its own expectation on `{r.path}`: {r.message}"
            for r in (evaluate(e, document) for e in question.expect) if not r.ok]
