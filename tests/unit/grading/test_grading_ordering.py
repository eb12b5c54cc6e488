"""Ordering: exact, partial credit by run or by pairs, first misplaced step named."""

from __future__ import annotations

from typing import Any

import pytest

from tutor.content.models import OrderingQuestion
from tutor.grading import grade, parse_response
from tutor.grading.ordering import longest_run, pair_fraction


def ordering(**extra: Any) -> OrderingQuestion:
    return OrderingQuestion.model_validate({
        "id": "o", "topic": "ecr", "type": "ordering", "stem": "Order the steps.",
        "explanation": "Build, tag, log in, push.", "source": "https://docs.aws.amazon.com/",
        "items": [{"id": "build", "text": "Build the image"},
                  {"id": "tag", "text": "Tag the image"},
                  {"id": "login", "text": "Log in to ECR"},
                  {"id": "push", "text": "Push the image"}], **extra})


def test_exact() -> None:
    assert grade(ordering(), ["build", "tag", "login", "push"]).correct


def test_first_misplaced_step_is_named() -> None:
    result = grade(ordering(), ["build", "login", "tag", "push"])
    assert not result.correct
    assert result.feedback[0] == "Step 2 should be “Tag the image”, not “Log in to ECR”."


@pytest.mark.parametrize(("mode", "response", "score"), [
    ("pairs", ["build", "login", "tag", "push"], 5 / 6),
    ("pairs", ["push", "login", "tag", "build"], 0.0),
    ("run", ["login", "push", "build", "tag"], 1 / 3),
    ("run", ["push", "login", "tag", "build"], 0.0),
    ("none", ["build", "login", "tag", "push"], 0.0),
])
def test_partial_modes(mode: str, response: list[str], score: float) -> None:
    assert grade(ordering(partial_credit=mode), response).score == pytest.approx(score, abs=1e-3)


def test_partial_credit_argument_overrides() -> None:
    response = ["build", "login", "tag", "push"]
    assert grade(ordering(), response, partial_credit=False).score == 0.0
    assert grade(ordering(partial_credit="none"), response, partial_credit=True).score > 0


@pytest.mark.parametrize(("response", "phrase"), [
    (["build", "tag", "push"], "is missing"),
    (["build", "tag", "tag", "push"], "repeated"),
    (["build", "tag", "login", "deploy"], "isn't one of the steps"),
    ([], "is missing"),
])
def test_invalid_responses(response: list[str], phrase: str) -> None:
    result = grade(ordering(), response)
    assert not result.correct and phrase in result.feedback[0]


def test_text_responses_by_id_or_position() -> None:
    question = ordering()
    assert parse_response(question, "build tag login push") == ["build", "tag", "login", "push"]
    assert parse_response(question, "1 2 3 4") == ["build", "tag", "login", "push"]
    assert parse_response(question, "3,1,2,4", order=["tag", "login", "build", "push"]) == \
        ["build", "tag", "login", "push"]
    assert grade(question, "1, 2, 3, 4").correct


def test_helpers() -> None:
    assert longest_run(list("abcd"), list("abcd")) == 4
    assert longest_run(list("abcd"), list("cdab")) == 2
    assert pair_fraction(list("abc"), list("cba")) == 0.0
