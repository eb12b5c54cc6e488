"""Placement speed: 100, 1,000 and 10,000 tasks on clusters of n/2 instances (up to 5,000).

Each run uses spread(attribute:ecs.availability-zone) then binpack(memory) and a memberOf
constraint, with ``explain=False`` (the bulk path). It prints, per size:

* the best time of a few repeats (building the cluster is not timed);
* the growth ratio against n log n, relative to the smallest size (≤ 1 means no worse than
  n log n);
* the ratio against a naive first-fit loop over the same instances, run beside it in the same
  process (the baseline: what moto does, plus the memberOf check);

and whether 10,000 tasks on 5,000 instances meet the 2 s budget (DESIGN.md, "Budgets").

Run: ``python benchmarks/bench_placement.py`` (``--quick`` skips the largest size).
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tutor.ecs import ContainerInstance, TaskSpec, parse, place

BUDGET_SECONDS = 2.0
TYPES = ("t3.large", "m5.large", "t3.xlarge", "c5.large", "t3a.large", "r5.large")
STRATEGIES = [{"type": "spread", "field": "attribute:ecs.availability-zone"}, {"type": "binpack", "field": "memory"}]
EXPRESSION = "attribute:ecs.instance-type =~ t3.* or attribute:ecs.instance-type == m5.large"
CONSTRAINTS = [{"type": "memberOf", "expression": EXPRESSION}]
SPEC = TaskSpec("bench", cpu=64, memory=256)


def build_cluster(size: int) -> list[ContainerInstance]:
    return [ContainerInstance.create(f"i-{n:06d}", TYPES[n % len(TYPES)], f"us-east-1{'abc'[n % 3]}") for n in range(size)]


def run_engine(instances: list[ContainerInstance], tasks: int) -> int:
    result = place(SPEC, instances, tasks, strategies=STRATEGIES, constraints=CONSTRAINTS, explain=False)
    return len(result.placements)


def run_first_fit(instances: list[ContainerInstance], tasks: int) -> int:
    """The baseline: for each task, walk the instances in order and take the first that fits."""
    expr = parse(EXPRESSION)
    placed = 0
    for _ in range(tasks):
        for inst in instances:
            if inst.remaining_cpu >= SPEC.cpu and inst.remaining_memory >= SPEC.memory and expr.matches(inst):
                inst.used_cpu += SPEC.cpu
                inst.used_memory += SPEC.memory
                placed += 1
                break
    return placed


def best_time(runner: Callable[[list[ContainerInstance], int], int], tasks: int, repeats: int) -> tuple[float, int]:
    best, placed = math.inf, 0
    for _ in range(repeats):
        instances = build_cluster(tasks // 2)
        start = time.perf_counter()
        placed = runner(instances, tasks)
        best = min(best, time.perf_counter() - start)
    return best, placed


def main(argv: list[str]) -> int:
    sizes = [100, 1_000] if "--quick" in argv else [100, 1_000, 10_000]
    rows = []
    for tasks in sizes:
        repeats = 5 if tasks < 10_000 else 3
        engine, placed = best_time(run_engine, tasks, repeats)
        baseline, base_placed = best_time(run_first_fit, tasks, repeats)
        rows.append((tasks, engine, placed, baseline, base_placed))
    first_tasks, first_time = rows[0][0], rows[0][1]
    print(f"{'tasks':>7} {'instances':>9} {'engine s':>9} {'placed':>7} {'first-fit s':>11} "
          f"{'engine/first-fit':>16} {'growth / n log n':>17}")
    for tasks, engine, placed, baseline, base_placed in rows:
        nlogn = (tasks * math.log(tasks)) / (first_tasks * math.log(first_tasks))
        growth = (engine / first_time) / nlogn
        print(f"{tasks:>7} {tasks // 2:>9} {engine:>9.4f} {placed:>7} {baseline:>11.4f} "
              f"{engine / baseline:>16.2f} {growth:>17.2f}")
        if placed != tasks or base_placed != tasks:
            print(f"  note: placed {placed} (engine) and {base_placed} (first-fit) of {tasks}")
    largest = rows[-1]
    if largest[0] == 10_000:
        verdict = "met" if largest[1] <= BUDGET_SECONDS else "MISSED"
        print(f"budget: 10,000 tasks on 5,000 instances in {largest[1]:.3f} s (≤ {BUDGET_SECONDS} s): {verdict}")
        return 0 if verdict == "met" else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
