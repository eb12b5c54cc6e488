"""Single, multiple and true/false grading, through the real pydantic models."""

from __future__ import annotations

from typing import Any

import pytest

from tutor.content.models import MultipleQuestion, SingleQuestion, TrueFalseQuestion
from tutor.grading import grade, parse_response

BASE = {"id": "q", "topic": "ecs", "stem": "Which?", "explanation": "Because.",
        "source": "https://docs.aws.amazon.com/"}


def single(**extra: Any) -> SingleQuestion:
    return SingleQuestion.model_validate({**BASE, "type": "single", "choices": [
        {"id": "a", "text": "Fargate", "feedback": "Fargate has no instances to manage."},
        {"id": "b", "text": "EC2", "correct": True, "feedback": "You manage the instances."},
        {"id": "c", "text": "Lambda", "misconception": "Lambda runs containers as tasks"},
    ], **extra})


def multiple(**extra: Any) -> MultipleQuestion:
    return MultipleQuestion.model_validate({**BASE, "type": "multiple", "choose": 2, "choices": [
        {"id": "a", "text": "awsvpc", "correct": True},
        {"id": "b", "text": "bridge", "feedback": "Fargate only supports awsvpc."},
        {"id": "c", "text": "ENI per task", "correct": True},
        {"id": "d", "text": "host", "feedback": "Not on Fargate."},
        {"id": "e", "text": "none"},
    ], **extra})


def true_false(**extra: Any) -> TrueFalseQuestion:
    return TrueFalseQuestion.model_validate({**BASE, "type": "true_false", "answer": False,
                                             "feedback_true": "No: ECR is regional.",
                                             "feedback_false": "Right: ECR is regional.",
                                             **extra})


@pytest.mark.parametrize(("response", "correct"), [("b", True), ("B", True), ("2", True),
                                                   ("b)", True), ("a", False), (["b"], True)])
def test_single(response: Any, correct: bool) -> None:
    result = grade(single(), response)
    assert result.correct is correct
    assert result.score == (1.0 if correct else 0.0)


def test_single_distractor_feedback_and_answer() -> None:
    result = grade(single(), "a")
    assert result.feedback[0] == "Fargate has no instances to manage."
    assert "The answer is b" in result.feedback[1]
    assert result.details[0].given == "a" and not result.details[0].ok


def test_single_misconception_used_without_feedback() -> None:
    assert "misconception" in grade(single(), "c").feedback[0]


@pytest.mark.parametrize("response", ["z", "9", "", None, "   "])
def test_single_not_a_choice(response: Any) -> None:
    result = grade(single(), response)
    assert not result.correct and result.gradable and result.feedback


def test_true_false() -> None:
    question = true_false()
    assert grade(question, False).correct
    assert grade(question, False).feedback == ("Right: ECR is regional.",)
    wrong = grade(question, True)
    assert not wrong.correct and wrong.feedback[0] == "No: ECR is regional."
    assert "The statement is false" in wrong.feedback[1]
    assert grade(question, "no").correct and grade(question, "F").correct
    assert grade(question, "maybe").feedback == ("Answer true or false.",)


def test_multiple_exact() -> None:
    assert grade(multiple(), ["a", "c"]).correct
    assert grade(multiple(), ["C", "a"]).correct
    assert grade(multiple(), "a,c").correct
    assert grade(multiple(), "c a").correct
    assert grade(multiple(), "ac").correct
    assert grade(multiple(), "1 3").correct


def test_multiple_wrong_count_says_so_and_scores_zero() -> None:
    for response in (["a"], ["a", "c", "d"]):
        result = grade(multiple(partial_credit=True), response)
        assert result.score == 0.0 and not result.correct
        assert result.feedback[0].startswith("Choose 2: you picked")


def test_multiple_all_or_nothing_by_default() -> None:
    result = grade(multiple(), ["a", "b"])
    assert result.score == 0.0
    assert "b: Fargate only supports awsvpc." in result.feedback
    assert any("You missed c" in line for line in result.feedback)


def test_multiple_partial_credit_penalises_wrong_picks() -> None:
    # +1/2 for a right pick, -1/3 for a wrong one (3 wrong options), floor 0
    assert grade(multiple(partial_credit=True), ["a", "b"]).score == pytest.approx(1 / 6, abs=1e-3)
    assert grade(multiple(), ["a", "b"], partial_credit=True).score == pytest.approx(1 / 6,
                                                                                     abs=1e-3)
    assert grade(multiple(partial_credit=True), ["b", "d"]).score == 0.0
    assert grade(multiple(partial_credit=True), ["a", "b"], partial_credit=False).score == 0.0


def test_multiple_unknown_choice() -> None:
    result = grade(multiple(), ["a", "x"])
    assert not result.correct and "'x' isn't one of the choices" in result.feedback[0]


def test_parse_response_positions_follow_the_shown_order() -> None:
    assert parse_response(single(), "1", order=["c", "b", "a"]) == "c"
    assert parse_response(multiple(), "1,2", order=["e", "d", "c", "b", "a"]) == ["e", "d"]
