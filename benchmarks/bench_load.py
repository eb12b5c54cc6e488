"""Load + validate a generated pack of 10,000 questions vs `yaml.load(CSafeLoader)` of the same files.

Budget (DESIGN.md): at most 2x the bare C-loader parse, measured in the same run.
Run: python benchmarks/bench_load.py [--questions N] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tutor.content.loader import load_pack  # noqa: E402

SOURCE = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html"


def question(i: int, topic: str) -> str:
    kind = i % 5
    head = (f"  - id: q{i:05d}\n    topic: {topic}\n    stem: Question {i} about placement?\n"
            f"    explanation: Because the docs say so.\n    source: {SOURCE}\n"
            f"    difficulty: medium\n    tags: [gen, t{i % 7}]\n    hints: [Think., Read.]\n")
    if kind == 0:
        return head + ("    type: single\n    choices:\n"
                       "      - {id: a, text: One, correct: true, feedback: Right.}\n"
                       "      - {id: b, text: Two, feedback: Wrong because.}\n"
                       "      - {id: c, text: Three, feedback: Wrong because.}\n")
    if kind == 1:
        return head + ("    type: multiple\n    choose: 2\n    choices:\n"
                       "      - {id: a, text: One, correct: true}\n"
                       "      - {id: b, text: Two, correct: true}\n"
                       "      - {id: c, text: Three, feedback: No.}\n"
                       "      - {id: d, text: Four, feedback: No.}\n")
    if kind == 2:
        return head + ("    type: command\n    answer: aws ecs create-cluster --cluster-name c"
                       f"{i}\n    feedback:\n      - when: {{missing: --cluster-name}}\n"
                       "        say: Name the cluster.\n")
    if kind == 3:
        return head + ("    type: snippet\n    answer: '{\"networkMode\": \"bridge\"}'\n"
                       "    expect:\n      - {path: networkMode, equals: bridge}\n")
    return head + "    type: true_false\n    answer: true\n"


def generate(root: Path, n: int, per_file: int = 500) -> list[Path]:
    (root / "quizzes").mkdir(parents=True)
    (root / "lessons").mkdir()
    (root / "pack.yaml").write_text('id: bench\ntitle: Bench\nversion: "1"\n')
    files = []
    for f in range(0, n, per_file):
        path = root / "quizzes" / f"gen{f // per_file:03d}.yaml"
        body = "".join(question(i, f"topic{i % 12}") for i in range(f, min(n, f + per_file)))
        path.write_text("questions:\n" + body)
        files.append(path)
    return files


def bare(files: list[Path]) -> int:
    total = 0
    for path in files:
        total += len(yaml.load(path.read_text(), Loader=yaml.CSafeLoader)["questions"])
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "pack"
        files = generate(root, args.questions)
        base_times, ours_times = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            count = bare(files)
            base_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            result = load_pack(root)
            ours_times.append(time.perf_counter() - t0)
            assert result.ok and len(result.pack.questions) == count == args.questions
        base, ours = statistics.median(base_times), statistics.median(ours_times)
        ratio = ours / base
        print(f"questions: {args.questions} in {len(files)} files, median of {args.repeat}")
        print(f"baseline yaml.load(CSafeLoader): {base * 1000:8.1f} ms")
        print(f"awstutor load_pack + validate:   {ours * 1000:8.1f} ms")
        print(f"ratio: {ratio:.2f}x (budget 2.00x) -> {'OK' if ratio <= 2.0 else 'OVER BUDGET'}")


if __name__ == "__main__":
    main()
