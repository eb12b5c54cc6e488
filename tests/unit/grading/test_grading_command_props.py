"""Properties of the command grader: total and deterministic on any text, and equivalent
rewrites of a correct command (option order, `=` forms, quoting, continuations, spacing) stay
correct."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.content.models import CommandQuestion
from tutor.grading import grade

ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def cmd(answer: str, **extra: object) -> CommandQuestion:
    return CommandQuestion.model_validate({
        "id": "cmd", "topic": "ecs", "type": "command", "answer": answer, "stem": "s",
        "explanation": "e", "source": "https://docs.aws.amazon.com/", **extra,
    })


@dataclass(frozen=True)
class Stage:
    """head words, option groups (name[, value]) that may move, then trailing positionals."""

    head: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    tail: tuple[str, ...] = ()
    aws: bool = False


CASES = [
    (cmd("aws ecs update-service --cluster prod --service web --desired-count 3 "
         "--region us-east-1"),
     [Stage(("aws", "ecs", "update-service"), (("--cluster", "prod"), ("--service", "web"),
            ("--desired-count", "3"), ("--region", "us-east-1")), aws=True)]),
    (cmd("aws ecr create-repository --repository-name web --image-scanning-configuration "
         "scanOnPush=true --image-tag-mutability IMMUTABLE"),
     [Stage(("aws", "ecr", "create-repository"), (("--repository-name", "web"),
            ("--image-scanning-configuration", "scanOnPush=true"),
            ("--image-tag-mutability", "IMMUTABLE")), aws=True)]),
    (cmd("aws ecs register-task-definition --cli-input-json file://taskdef.json --region "
         "eu-west-1"),
     [Stage(("aws", "ecs", "register-task-definition"), (("--cli-input-json",
            "file://taskdef.json"), ("--region", "eu-west-1")), aws=True)]),
    (cmd("aws ecr get-login-password --region <region> | docker login --username AWS "
         "--password-stdin <account-id>.dkr.ecr.<region>.amazonaws.com"),
     [Stage(("aws", "ecr", "get-login-password"), (("--region", "us-east-1"),), aws=True),
      Stage(("docker", "login"), (("--username", "AWS"), ("--password-stdin",)), (ECR,))]),
    (cmd("docker run -d -p 8080:80 --name web -e MODE=prod nginx:1.25"),
     [Stage(("docker", "run"), (("--detach",), ("--publish", "8080:80"), ("--name", "web"),
            ("--env", "MODE=prod")), ("nginx:1.25",))]),
    (cmd(f"docker build -t web:1 -t {ECR}/web:1 --build-arg V=1 ."),
     [Stage(("docker", "build"), (("--tag", "web:1"), ("--tag", f"{ECR}/web:1"),
            ("--build-arg", "V=1")), (".",))]),
]

SPACES = st.sampled_from([" ", "  ", "\t", " \\\n  ", " \\\n"])


@st.composite
def rewrite(draw: st.DrawFn, stages: list[Stage]) -> str:
    """One equivalent spelling of the stages."""
    out: list[str] = []
    for stage in stages:
        groups = draw(st.permutations(list(stage.groups)))
        tokens: list[str] = [stage.head[0]]
        rest_head = list(stage.head[1:])
        if stage.aws and draw(st.booleans()):  # a global option before the service
            region = [g for g in groups if g[0] == "--region"]
            if region:
                groups = [g for g in groups if g[0] != "--region"]
                tokens.extend(_spell(draw, region[0]))
        tokens.extend(rest_head)
        for group in groups:
            tokens.extend(_spell(draw, group))
        tokens.extend(_quote(draw, t) for t in stage.tail)
        line = tokens[0]
        for token in tokens[1:]:
            line += draw(SPACES) + token
        out.append(line)
    joined = out[0]
    for line in out[1:]:
        joined += draw(st.sampled_from([" | ", "|", " |\n  ", " | \\\n "])) + line
    return draw(st.sampled_from(["", " ", "\n"])) + joined + draw(st.sampled_from(["", "  "]))


def _spell(draw: st.DrawFn, group: tuple[str, ...]) -> list[str]:
    if len(group) == 1:
        return [group[0]]
    name, value = group
    value = _quote(draw, value)
    if draw(st.booleans()):
        return [f"{name}={value}"]
    return [name, value]


def _quote(draw: st.DrawFn, value: str) -> str:
    style = draw(st.sampled_from(["plain", "single", "double", "partial"]))
    if style == "single":
        return f"'{value}'"
    if style == "double":
        return f'"{value}"'
    if style == "partial" and len(value) > 1:
        return f"{value[0]}'{value[1:]}'"
    return value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_equivalent_rewrites_stay_correct(data: st.DataObject) -> None:
    for question, stages in CASES:
        text = data.draw(rewrite(stages))
        result = grade(question, text)
        assert result.correct, (text, result.feedback)


SHELLISH = st.text(alphabet=st.sampled_from(list("aws ecr docker login -|&;$()`'\"\\<>#\n=.,{}[]")),
                   max_size=80)
WORDS = st.lists(st.sampled_from(["aws", "ecr", "ecs", "docker", "login", "push", "--region",
                                  "us-east-1", "|", "&&", "$(", ")", "--password-stdin", "-u",
                                  "AWS", ECR, "'", '"', "--cli-input-json", "file://x.json",
                                  "scanOnPush=true", "{", "}", "=", "\\\n", "eval", "`"]),
                 max_size=16).map(" ".join)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=120), SHELLISH, WORDS))
def test_total_and_deterministic_on_any_text(text: str) -> None:
    for question, _ in CASES:
        first = grade(question, text)
        assert "error" not in first.extra, first.extra
        assert first.gradable
        assert 0.0 <= first.score <= 1.0
        assert first.feedback or first.correct
        assert grade(question, text).to_dict() == first.to_dict()


def test_huge_and_binary_inputs() -> None:
    question = CASES[0][0]
    for text in ("x" * 1_000_000, "aws " * 300_000, "\x00\xff\x01binary", "\udcff", "|", "",
                 "'" * 5000, "$(" * 5000, "a | " * 2000 + "b"):
        result = grade(question, text)
        assert not result.correct and result.gradable and "error" not in result.extra
        assert result.feedback


def test_partial_credit_per_pipeline_stage() -> None:
    question, _ = CASES[3]
    text = f"aws ecr get-login-password --region us-east-1 | docker login -u aws --password-stdin {ECR}"
    assert grade(question, text).score == 0.0
    partial = grade(question, text, partial_credit=True)
    assert not partial.correct and partial.score == 0.5
    assert grade(cmd(question.answer, partial_credit=True), text).score == 0.5
