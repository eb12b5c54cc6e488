"""Lab questions: graded by the outcomes of the lab's checks, run in the sandbox elsewhere.

This module never runs anything: it receives `CheckOutcome`s. No outcomes means the checks have
not run, which is "not gradable yet", never a fail and never a pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tutor.content.expectations import CheckOutcome
from tutor.content.models import LabQuestion
from tutor.grading.types import Detail, Grade

NOT_RUN = "Run the lab's checks in the sandbox to grade this question."


def grade_lab(question: LabQuestion, response: Any, partial_credit: bool | None) -> Grade:
    if response is None or isinstance(response, str | bytes) or not isinstance(response, Sequence):
        return Grade(0.0, False, (NOT_RUN,), gradable=False, extra={"lab": question.lab})
    outcomes = [o for o in response if isinstance(o, CheckOutcome)]
    if not outcomes:
        return Grade(0.0, False, (NOT_RUN,), gradable=False, extra={"lab": question.lab})
    details = tuple(Detail(o.check_id, o.expected, o.actual, o.passed) for o in outcomes)
    passed = sum(o.passed for o in outcomes)
    if passed == len(outcomes):
        return Grade(1.0, True, (f"All {passed} checks pass.",), details,
                     extra={"lab": question.lab})
    lines: list[str] = []
    for o in outcomes:
        if o.passed:
            continue
        if o.error:
            line = f"✗ {o.description}: the check could not run: {o.error}"
        else:
            line = f"✗ {o.description}: expected {o.expected}, got {o.actual}"
        if o.hint:
            line += f" Hint: {o.hint}"
        lines.append(line)
    lines.append(f"{passed} of {len(outcomes)} checks pass.")
    score = 0.0 if partial_credit is False else round(passed / len(outcomes), 4)
    return Grade(score, False, tuple(lines), details, extra={"lab": question.lab})
