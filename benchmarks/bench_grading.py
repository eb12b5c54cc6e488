"""Grading speed: 10,000 answers of mixed types, mostly command and choice questions.

The answers are generated from a fixed seed: command lines with random regions, accounts,
option orders, spellings and near-miss mistakes (so almost every line is distinct and the
learner side is never served from a cache), choice picks, orderings, short text, numbers and
snippets. It prints:

* the total grading time and a per-type breakdown (count, total, mean per answer);
* the ratio against a baseline run beside it in the same process: the same number of plain
  `==` string comparisons plus `shlex.split` of the same command lines;

and whether the total meets the 0.5 s budget.

Run: ``python benchmarks/bench_grading.py`` (``-n 2000`` for another size, ``--strict`` to exit
non-zero over budget).
"""

from __future__ import annotations

import argparse
import random
import shlex
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tutor.content.models import (
    CommandQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortTextQuestion,
    SingleQuestion,
    SnippetQuestion,
    TrueFalseQuestion,
)
from tutor.grading import grade

BUDGET_SECONDS = 0.5
BASE = {"topic": "ecs", "stem": "Account 123456789012.", "explanation": "!",
        "source": "https://docs.aws.amazon.com/"}
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "sa-east-1"]


def _q(model: Any, qid: str, **data: Any) -> Any:
    return model.model_validate({**BASE, "id": qid, **data})


LOGIN = _q(CommandQuestion, "login", type="command",
           answer="aws ecr get-login-password --region <region> | docker login --username AWS "
                  "--password-stdin <account-id>.dkr.ecr.<region>.amazonaws.com")
PUSH = _q(CommandQuestion, "push", type="command",
          answer="docker push <account-id>.dkr.ecr.<region>.amazonaws.com/web:v1")
SCALE = _q(CommandQuestion, "scale", type="command",
           answer="aws ecs update-service --cluster prod --service web --desired-count 3")
REPO = _q(CommandQuestion, "repo", type="command",
          answer="aws ecr create-repository --repository-name web "
                 "--image-scanning-configuration scanOnPush=true")
SINGLE = _q(SingleQuestion, "single", type="single", choices=[
    {"id": "a", "text": "A", "feedback": "No."}, {"id": "b", "text": "B", "correct": True},
    {"id": "c", "text": "C"}, {"id": "d", "text": "D"}])
MULTI = _q(MultipleQuestion, "multi", type="multiple", choose=2, choices=[
    {"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B"},
    {"id": "c", "text": "C", "correct": True}, {"id": "d", "text": "D"},
    {"id": "e", "text": "E"}])
TF = _q(TrueFalseQuestion, "tf", type="true_false", answer=True)
ORDER = _q(OrderingQuestion, "order", type="ordering", items=[
    {"id": s, "text": s} for s in ("build", "tag", "login", "push")])
SHORT = _q(ShortTextQuestion, "short", type="short_text", answers=["awsvpc"])
NUMBER = _q(NumericQuestion, "number", type="numeric", answer=1024, unit="MiB")
SNIPPET = _q(SnippetQuestion, "snippet", type="snippet", answer='{"cpu": "256"}',
             expect=[{"path": "cpu", "equals": 256}])


def _account(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in range(12))


def command_answer(rng: random.Random) -> tuple[Any, str]:
    """One command line for one of the command questions, right or nearly right."""
    region, account = rng.choice(REGIONS), _account(rng)
    host = f"{account}.dkr.ecr.{region}.amazonaws.com"
    kind = rng.randrange(4)
    if kind == 0:
        user = rng.choice(["AWS", "AWS", "AWS", "aws"])
        stdin = rng.choice(["--password-stdin", "--password-stdin", ""])
        region_opt = rng.choice([f"--region {region}", f"--region={region}"])
        pre = rng.choice(["", "--output text "])
        return LOGIN, (f"aws ecr get-login-password {pre}{region_opt} | docker login "
                       f"{rng.choice(['-u', '--username'])} {user} {stdin} {host}")
    if kind == 1:
        tag = rng.choice(["v1", "v1", "v2", "latest"])
        return PUSH, f"docker {rng.choice(['push', 'image push', 'pussh'])} {host}/web:{tag}"
    if kind == 2:
        opts = [f"--cluster {rng.choice(['prod', 'prod', 'test'])}", "--service web",
                f"--desired-count={rng.randint(1, 4)}", f"--region {region}"]
        rng.shuffle(opts)
        return SCALE, f"aws ecs update-service {' '.join(opts)}"
    value = rng.choice(["scanOnPush=true", "'{\"scanOnPush\": true}'", "scanOnPush=false"])
    opts = ["--repository-name web", f"--image-scanning-configuration {value}"]
    rng.shuffle(opts)
    return REPO, f"aws ecr create-repository {' '.join(opts)} --region {region}"


def other_answer(rng: random.Random) -> tuple[Any, Any]:
    roll = rng.random()
    if roll < 0.3:
        return SINGLE, rng.choice("abcd")
    if roll < 0.55:
        return MULTI, rng.sample(list("abcde"), rng.choice([2, 2, 2, 3]))
    if roll < 0.65:
        return TF, rng.choice([True, False, "yes", "f"])
    if roll < 0.75:
        return ORDER, rng.sample(["build", "tag", "login", "push"], 4)
    if roll < 0.85:
        return SHORT, rng.choice(["awsvpc", "AWSVPC ", "bridge", "aws vpc"])
    if roll < 0.95:
        return NUMBER, rng.choice(["1024", "1,024 MiB", "1000", "abc", "2048 mib"])
    return SNIPPET, rng.choice(['{"cpu": 256}', '{"cpu": "512"}', '{"cpu": 256,}'])


def workload(n: int, seed: int = 7) -> list[tuple[Any, Any]]:
    """n answers: 55% command lines, the rest mostly choice questions."""
    rng = random.Random(seed)
    return [command_answer(rng) if rng.random() < 0.55 else other_answer(rng) for _ in range(n)]


def run_grading(items: list[tuple[Any, Any]]) -> tuple[float, dict[str, list[float]], int]:
    per_type: dict[str, list[float]] = defaultdict(list)
    correct = 0
    clock = time.perf_counter
    start = clock()
    for question, response in items:
        t0 = clock()
        result = grade(question, response)
        per_type[question.type].append(clock() - t0)
        correct += result.correct
    return clock() - start, per_type, correct


def run_baseline(items: list[tuple[Any, Any]]) -> float:
    """The same number of `==` comparisons, plus shlex.split of every command line."""
    keys = [getattr(q, "answer", "b") for q, _ in items]
    texts = [r if isinstance(r, str) else str(r) for _, r in items]
    commands = [r for q, r in items if q.type == "command"]
    start = time.perf_counter()
    same = 0
    for key, text in zip(keys, texts, strict=True):
        same += key == text
    for line in commands:
        shlex.split(line)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="answers to grade")
    parser.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    args = parser.parse_args(argv)
    items = workload(args.n)
    baseline = run_baseline(items)
    total, per_type, correct = run_grading(items)
    print(f"graded {len(items):,} answers in {total:.3f} s "
          f"({total / len(items) * 1e6:.1f} µs each, {correct:,} correct)")
    print(f"{'type':<12}{'count':>8}{'total s':>10}{'mean µs':>10}")
    for kind, times in sorted(per_type.items(), key=lambda kv: -sum(kv[1])):
        print(f"{kind:<12}{len(times):>8}{sum(times):>10.3f}{sum(times) / len(times) * 1e6:>10.1f}")
    print(f"baseline (== plus shlex.split of the command lines): {baseline:.3f} s; "
          f"grading / baseline = {total / baseline:.1f}x")
    budget = BUDGET_SECONDS * len(items) / 10_000
    verdict = "within" if total <= budget else "OVER"
    print(f"budget {budget:.2f} s for {len(items):,} answers: {verdict} budget")
    return 1 if args.strict and total > budget else 0


if __name__ == "__main__":
    raise SystemExit(main())
