"""Placement questions: the ECS engine decides, its trace explains, a missing engine is honest."""

from __future__ import annotations

from typing import Any

import pytest

from tutor.content.models import PlacementQuestion
from tutor.grading import check_answer_key, grade
from tutor.grading import placement as placement_grader


def question(answer: str | None = "i-c", **scenario: Any) -> PlacementQuestion:
    return PlacementQuestion.model_validate({
        "id": "p", "topic": "ecs", "type": "placement", "stem": "Where?", "explanation": "!",
        "source": "https://docs.aws.amazon.com/", "answer": answer,
        "scenario": {"instances": [
            {"id": "i-a", "type": "t3.large", "az": "us-east-1a", "cpu_used": 1800},
            {"id": "i-b", "type": "t3.large", "az": "us-east-1b"},
            {"id": "i-c", "type": "t3.medium", "az": "us-east-1a", "memory_used": 100}],
            "task": {"cpu": 512, "memory": 1024},
            "strategy": [{"type": "binpack", "field": "memory"}], **scenario}})


def test_engine_answer_and_trace() -> None:
    result = grade(question(), "i-c")
    assert result.correct and result.gradable
    assert any("binpack" in line for line in result.feedback)
    assert result.extra["engine_answer"] == "i-c"


def test_wrong_pick_explained_with_the_trace() -> None:
    result = grade(question(), "i-a")
    assert not result.correct
    assert result.feedback[0] == "ECS places the task on i-c."
    assert "i-a drops out at step 1" in result.feedback[1]
    assert "CPU" in result.feedback[1]


def test_none_when_nothing_fits() -> None:
    q = question(answer="none", task={"cpu": 4096, "memory": 1024})
    assert grade(q, "none").correct
    assert check_answer_key(q) == []


@pytest.mark.parametrize("response", ["", "i-z", None, "x" * 10_000])
def test_bad_responses(response: Any) -> None:
    result = grade(question(), response)
    assert not result.correct and result.gradable and result.feedback


def test_key_check_against_engine() -> None:
    assert check_answer_key(question()) == []
    assert "engine places the task on 'i-c'" in check_answer_key(question(answer="i-b"))[0]
    assert "not an instance id" in check_answer_key(question(answer="i-q"))[0]
    bad = question(strategy=[{"type": "bogus"}])
    assert "rejects" in check_answer_key(bad)[0]
    assert not grade(bad, "i-a").gradable


def test_missing_engine_is_not_gradable(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> Any:
        raise placement_grader.EngineMissing("no engine")

    monkeypatch.setattr(placement_grader, "_engine", missing)
    result = grade(question(), "i-c")
    assert not result.gradable and not result.correct and result.score == 0
    assert result.feedback == (placement_grader.MISSING,)
