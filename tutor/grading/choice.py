"""Single, multiple and true/false questions: exact, as on the AWS exam.

The feedback a learner reads is the picked distractor's own `feedback` (why that option is
wrong), not a generic "incorrect". Multiple-answer questions enforce "choose N" and are
all-or-nothing unless partial credit is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tutor.content.models import Choice, MultipleQuestion, SingleQuestion, TrueFalseQuestion
from tutor.grading.types import Detail, Grade


def _choice_line(choice: Choice) -> str:
    text = choice.feedback or ""
    if choice.misconception and not text:
        text = f"That reflects a common misconception: {choice.misconception}"
    return text


def _ids(question: SingleQuestion | MultipleQuestion) -> str:
    return ", ".join(c.id for c in question.choices)


def grade_single(question: SingleQuestion, response: Any, partial_credit: bool | None) -> Grade:
    """One right choice; the picked choice's feedback is the explanation."""
    if isinstance(response, Sequence) and not isinstance(response, str) and len(response) == 1:
        response = response[0]
    picked_id = str(response).strip().lower() if response is not None else ""
    if isinstance(response, str) and picked_id not in {c.id for c in question.choices}:
        from tutor.grading.responses import parse_single

        picked_id = parse_single(question, response)
    by_id = {c.id: c for c in question.choices}
    right = next(c for c in question.choices if c.correct)
    if not picked_id:
        return Grade(0.0, False, (f"Pick one of: {_ids(question)}.",))
    picked = by_id.get(picked_id)
    if picked is None:
        return Grade(0.0, False, (f"{picked_id!r} isn't one of the choices ({_ids(question)}).",))
    detail = (Detail("choice", right.id, picked.id, picked.correct),)
    if picked.correct:
        lines = (_choice_line(picked),) if _choice_line(picked) else ()
        return Grade(1.0, True, lines, detail)
    lines = [line for line in (_choice_line(picked),) if line]
    lines.append(f"The answer is {right.id}." + (f" {right.feedback}" if right.feedback else ""))
    return Grade(0.0, False, tuple(lines), detail)


def grade_true_false(question: TrueFalseQuestion, response: Any,
                     partial_credit: bool | None) -> Grade:
    """True or false; feedback_true/false is what the learner's pick gets."""
    value = response
    if not isinstance(value, bool):
        from tutor.grading.responses import parse_bool

        value = parse_bool(str(response)) if response is not None else None
    if value is None:
        return Grade(0.0, False, ("Answer true or false.",))
    said = question.feedback_true if value else question.feedback_false
    correct = value == question.answer
    lines = [said] if said else []
    if not correct:
        lines.append(f"The statement is {'true' if question.answer else 'false'}.")
    detail = (Detail("answer", str(question.answer).lower(), str(value).lower(), correct),)
    return Grade(1.0 if correct else 0.0, correct, tuple(lines), detail)


def grade_multiple(question: MultipleQuestion, response: Any,
                   partial_credit: bool | None) -> Grade:
    """Choose N: the wrong number scores 0; partial credit penalises wrong picks, floor 0."""
    if not isinstance(response, list | tuple):
        from tutor.grading.responses import parse_multiple

        response = parse_multiple(question, "" if response is None else str(response))
    picks: list[str] = []
    for item in response or ():
        key = str(item).strip().lower()
        if key and key not in picks:
            picks.append(key)
    by_id = {c.id: c for c in question.choices}
    unknown = [p for p in picks if p not in by_id]
    if unknown:
        return Grade(0.0, False, (f"{', '.join(map(repr, unknown))} isn't one of the choices "
                                  f"({_ids(question)}).",))
    n = question.choose
    if len(picks) != n:
        return Grade(0.0, False, (f"Choose {n}: you picked {len(picks)}.",),
                     extra={"picked": len(picks), "choose": n})
    right = {c.id for c in question.choices if c.correct}
    details = tuple(Detail(f"choice {c.id}", "pick" if c.correct else "leave",
                           "picked" if c.id in picks else "left", (c.id in picks) == c.correct)
                    for c in question.choices)
    good = [p for p in picks if p in right]
    bad = [p for p in picks if p not in right]
    if not bad:
        lines = tuple(_choice_line(by_id[p]) for p in picks if _choice_line(by_id[p]))
        return Grade(1.0, True, lines, details)
    lines = [f"{p}: {_choice_line(by_id[p])}" if _choice_line(by_id[p]) else f"{p} is not right."
             for p in bad]
    missed = sorted(right - set(picks))
    lines.append(f"You missed {', '.join(missed)}; the answer is {', '.join(sorted(right))}.")
    use_partial = question.partial_credit if partial_credit is None else partial_credit
    score = 0.0
    if use_partial:
        wrong_total = len(question.choices) - n
        score = max(0.0, len(good) / n - len(bad) / wrong_total)
    return Grade(round(score, 4), False, tuple(lines), details)
