"""The grading engine: one entry point for every question type, pure functions, no I/O.

`grade(question, response)` dispatches per type and never raises: any string yields a Grade with
a message the learner can act on, and an internal failure becomes a not-gradable Grade (never a
fake pass, never an unfair fail). `parse_response` turns a typed line into the response shape;
`check_answer_key` lists problems with an author's key for `pack validate`.

Importing this package must stay cheap: no Textual, moto, boto3 or botocore (a test checks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tutor.grading.responses import parse_response
from tutor.grading.types import Detail, Grade, Response

Grader = Callable[[Any, Any, "bool | None"], Grade]


def _graders() -> dict[str, Grader]:
    from tutor.grading import choice, lab, ordering, placement, snippet, text
    from tutor.grading.commands import grade_command

    return {
        "single": choice.grade_single,
        "multiple": choice.grade_multiple,
        "true_false": choice.grade_true_false,
        "ordering": ordering.grade_ordering,
        "short_text": text.grade_short_text,
        "numeric": text.grade_numeric,
        "command": grade_command,
        "snippet": snippet.grade_snippet,
        "placement": placement.grade_placement,
        "lab": lab.grade_lab,
    }


_GRADERS: dict[str, Grader] = {}


def grade(question: Any, response: Any, *, partial_credit: bool | None = None) -> Grade:
    """Grade `response` for `question`. `partial_credit` overrides the question's own setting."""
    if not _GRADERS:
        _GRADERS.update(_graders())
    kind = getattr(question, "type", None)
    grader = _GRADERS.get(kind) if isinstance(kind, str) else None
    if grader is None:
        return Grade(0.0, False, (f"Questions of type {kind!r} can't be graded.",),
                     gradable=False)
    if isinstance(response, str):
        response = _clean(response)
    try:
        result = grader(question, response, partial_credit)
    except Exception as exc:  # a grader bug must not crash a study session
        return Grade(0.0, False, ("The grader failed on this answer, so it isn't counted; please "
                                  "report it.",), gradable=False,
                     extra={"error": f"{type(exc).__name__}: {exc}"})
    if not 0.0 <= result.score <= 1.0:  # pragma: no cover - graders clamp already
        result = Grade(min(1.0, max(0.0, result.score)), result.correct, result.feedback,
                       result.details, result.gradable, result.extra)
    return result


def _clean(text: str) -> str:
    """Lone surrogates (undecodable bytes) become U+FFFD so every grader sees valid text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def check_answer_key(question: Any) -> list[str]:
    """Problems with the author's answer key that `pack validate` must report (empty = fine)."""
    kind = getattr(question, "type", None)
    try:
        if kind == "command":
            from tutor.grading.commands import check_command_key

            return check_command_key(question)
        if kind == "snippet":
            from tutor.grading.snippet import check_snippet_key

            return check_snippet_key(question)
        if kind == "placement":
            from tutor.grading.placement import check_placement_key

            return check_placement_key(question)
        if kind == "short_text":
            from tutor.grading.text import check_short_text_key

            return check_short_text_key(question)
    except Exception as exc:  # report, don't crash validation
        return [f"the grader could not check this answer key: {type(exc).__name__}: {exc}"]
    return []


__all__ = ["Detail", "Grade", "Response", "check_answer_key", "grade", "parse_response"]
