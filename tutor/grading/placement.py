"""Placement questions: "where does ECS put this task?", answered by the ECS engine itself.

The scenario is rebuilt as `tutor.ecs` container instances and placed with the engine's own
four steps (resources → constraints → strategies → select); the engine's trace explains the
right answer. `tutor.ecs` is imported lazily, and if this build has no usable placement API
the question is reported as not gradable, never as a pass.
"""

from __future__ import annotations

from typing import Any

from tutor.content.models import PlacementQuestion, PlacementScenario
from tutor.grading.types import Detail, Grade

MISSING = "Placement questions are not gradable in this build: the ECS engine is missing."


class EngineMissing(RuntimeError):
    """`tutor.ecs` is absent or lacks the placement API this module needs."""


class ScenarioError(ValueError):
    """The engine rejected the scenario (an authoring problem)."""


def _engine() -> Any:
    try:
        import tutor.ecs as ecs
    except Exception as exc:  # any import failure means "no engine"
        raise EngineMissing(str(exc)) from None
    needed = ("place", "ContainerInstance", "TaskSpec", "PortMapping", "RunningTask", "EcsError")
    if not all(hasattr(ecs, name) for name in needed):
        raise EngineMissing("tutor.ecs has no placement API")
    return ecs


def predict(scenario: PlacementScenario) -> tuple[str, list[str], Any]:
    """(instance id or "none", the engine's explanation lines, the raw trace)."""
    ecs = _engine()
    try:
        instances = []
        for number, item in enumerate(scenario.instances):
            inst = ecs.ContainerInstance.create(item.id, item.type, item.az,
                                                attributes=dict(item.attributes))
            inst.used_cpu += item.cpu_used
            inst.used_memory += item.memory_used
            for port in item.ports_used:
                inst.ports.take(port, "tcp")
            for k, group in enumerate(item.groups):
                family = group.split(":", 1)[-1] or "task"
                inst.add_task(ecs.RunningTask(f"running-{number}-{k}", group, family, 0, 0))
            instances.append(inst)
        task = scenario.task
        mappings = tuple(
            ecs.PortMapping(container_port=port or 80, host_port=port or None)
            for port in task.host_ports
        )
        spec = ecs.TaskSpec(family="scenario", cpu=task.cpu, memory=task.memory,
                            network_mode=task.network_mode, port_mappings=mappings)
        result = ecs.place(spec, instances, 1, strategies=[dict(s) for s in scenario.strategy],
                           constraints=[dict(c) for c in scenario.constraints],
                           group=task.group, explain=True, seed=scenario.seed)
    except Exception as exc:  # whatever the engine rejects, say so, don't crash
        raise ScenarioError(str(exc) or type(exc).__name__) from None
    chosen = result.placements[0].instance_id if result.placements else "none"
    lines = result.explanation() if hasattr(result, "explanation") else []
    return chosen, list(lines), result.traces


def grade_placement(question: PlacementQuestion, response: Any,
                    partial_credit: bool | None) -> Grade:
    try:
        chosen, lines, traces = predict(question.scenario)
    except EngineMissing:
        return Grade(0.0, False, (MISSING,), gradable=False)
    except ScenarioError as exc:
        return Grade(0.0, False, (f"The ECS engine rejects this scenario, so it can't be graded: "
                                  f"{exc}",), gradable=False)
    ids = {i.id for i in question.scenario.instances}
    given = "" if response is None else str(response).strip()
    by_lower = {i.lower(): i for i in (*ids, "none")}
    picked = by_lower.get(given.lower(), given)
    if not given:
        return Grade(0.0, False, ("Name the instance the task lands on, or none.",))
    if picked not in ids and picked != "none":
        return Grade(0.0, False, (f"{given!r} isn't one of the instances "
                                  f"({', '.join(sorted(ids))}) or none.",))
    correct = picked == chosen
    detail = (Detail("instance", chosen, picked, correct),)
    verdict = (f"ECS places the task on {chosen}." if chosen != "none"
               else "ECS can't place this task on any instance.")
    why = [] if correct or picked == "none" else _why_not(traces, picked)
    feedback = ([] if correct else [verdict, *why]) + ["How ECS decided:", *lines]
    return Grade(1.0 if correct else 0.0, correct, tuple(feedback), detail,
                 extra={"engine_answer": chosen, "trace": lines})


def _why_not(traces: Any, picked: str) -> list[str]:
    """The step of the engine's trace that ruled the learner's instance out."""
    for trace in traces or ():
        for number, step in enumerate(getattr(trace, "steps", ()), start=1):
            for dropped in getattr(step, "dropped", ()):
                if getattr(dropped, "instance_id", None) == picked:
                    return [f"{picked} drops out at step {number} ({step.title}): "
                            f"{dropped.detail}."]
    return []


def check_placement_key(question: PlacementQuestion) -> list[str]:
    """The author's `answer` must be an instance id or none, and agree with the engine."""
    ids = {i.id for i in question.scenario.instances}
    problems: list[str] = []
    if len(ids) != len(question.scenario.instances):
        problems.append("placement scenario: instance ids must be unique")
    if question.answer is not None and question.answer not in ids and question.answer != "none":
        problems.append(f"placement answer {question.answer!r} is not an instance id or none")
    try:
        chosen, _, _ = predict(question.scenario)
    except EngineMissing:
        return problems
    except ScenarioError as exc:
        return [*problems, f"the ECS engine rejects the placement scenario: {exc}"]
    if question.answer is not None and question.answer != chosen:
        problems.append(f"placement answer is {question.answer!r}, but the ECS engine places the "
                        f"task on {chosen!r}")
    return problems
