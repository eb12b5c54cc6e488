"""Lab questions graded from CheckOutcome results."""

from __future__ import annotations

from tutor.content.expectations import CheckOutcome, ExpectationResult
from tutor.content.models import LabQuestion
from tutor.grading import grade

QUESTION = LabQuestion.model_validate({"id": "l", "topic": "ecs", "type": "lab", "stem": "Do it.",
                                       "explanation": "!", "source": "https://docs.aws.amazon.com/",
                                       "lab": "first-cluster"})
FAIL = ExpectationResult("clusters[0].status", "equals", False, 'equal to "ACTIVE"', "nothing",
                         "no cluster")


def test_all_pass() -> None:
    outcomes = [CheckOutcome("a", "Cluster exists", True), CheckOutcome("b", "Service", True)]
    result = grade(QUESTION, outcomes)
    assert result.correct and result.score == 1.0


def test_failures_show_expected_actual_and_hint() -> None:
    outcomes = [CheckOutcome("a", "Cluster exists", False, (FAIL,), hint="Run create-cluster."),
                CheckOutcome("b", "Service", True),
                CheckOutcome("c", "Tasks", False, error="AccessDenied")]
    result = grade(QUESTION, outcomes)
    assert not result.correct and result.score == round(1 / 3, 4)
    assert 'expected equal to "ACTIVE", got nothing' in result.feedback[0]
    assert "Hint: Run create-cluster." in result.feedback[0]
    assert "could not run: AccessDenied" in result.feedback[1]
    assert [d.ok for d in result.details] == [False, True, False]


def test_no_outcomes_is_not_gradable() -> None:
    for response in (None, [], "done", ()):
        result = grade(QUESTION, response)
        assert not result.gradable and not result.correct
        assert "run the lab's checks in the sandbox" in result.feedback[0].lower()
