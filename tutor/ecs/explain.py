"""The explanation trace of one placement decision, step by step.

The TUI draws it and the grader quotes it, so each step keeps both structured data (which
instance was kept or dropped, and why) and the human-readable lines built from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STEP_RESOURCES = "resources"
STEP_CONSTRAINTS = "constraints"
STEP_STRATEGY = "strategy"
STEP_SELECT = "select"


@dataclass
class Dropped:
    """An instance a step removed: ``reason`` is ECS's code, ``detail`` says it in words."""

    instance_id: str
    reason: str
    detail: str


@dataclass
class StepTrace:
    """One of the four steps: ``kept`` in registration order, ``dropped`` with reasons."""

    step: str
    title: str
    kept: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.title}: kept {len(self.kept)}, dropped {len(self.dropped)}"]
        out.extend(f"  - {d.instance_id}: {d.detail}" for d in self.dropped)
        out.extend(f"  {note}" for note in self.notes)
        return out


@dataclass
class TaskTrace:
    """All steps for one task of a RunTask/service call; ``chosen`` is None when it failed."""

    task_index: int
    group: str
    steps: list[StepTrace] = field(default_factory=list)
    chosen: str | None = None

    def lines(self) -> list[str]:
        header = f"Task {self.task_index + 1} (group {self.group})"
        out = [header]
        for number, step in enumerate(self.steps, start=1):
            first, *rest = step.lines()
            out.append(f" {number}. {first}")
            out.extend(f"   {line}" for line in rest)
        out.append(f" => placed on {self.chosen}" if self.chosen else " => not placed")
        return out

    def to_dict(self) -> dict[str, object]:
        return {
            "task_index": self.task_index,
            "group": self.group,
            "chosen": self.chosen,
            "steps": [
                {
                    "step": s.step,
                    "title": s.title,
                    "kept": list(s.kept),
                    "dropped": [{"instance_id": d.instance_id, "reason": d.reason, "detail": d.detail} for d in s.dropped],
                    "notes": list(s.notes),
                }
                for s in self.steps
            ],
        }
