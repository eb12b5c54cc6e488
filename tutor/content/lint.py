"""Checks beyond the schema: answer keys that must grade, lab calls that must exist.

The graders and botocore's service models know what a valid key or call is, so this module asks
them (lazily, so importing `tutor.content` stays light) instead of re-implementing them.
"""

from __future__ import annotations

from tutor.content.errors import PackError
from tutor.content.loader import Pack, error_at


def lint_pack(pack: Pack, *, labs: bool = True) -> list[PackError]:
    out: list[PackError] = []
    try:
        from tutor.grading import check_answer_key
    except ImportError:  # pragma: no cover - grading ships with the app
        check_answer_key = None
    if check_answer_key is not None:
        for question in pack.questions.values():
            for problem in check_answer_key(question):
                sub: tuple[str | int, ...] = ("answer",) if hasattr(question, "answer") else ()
                if question.type == "snippet":
                    sub = ("answer",)
                out.append(error_at(pack, "question", question.id, sub, problem))
    if labs and pack.labs:
        try:
            from tutor.sandbox.lint import lint_lab
        except ImportError:
            lint_lab = None
        if lint_lab is not None:
            for lab in pack.labs.values():
                for issue in lint_lab(lab):
                    path = tuple(issue.path) if hasattr(issue, "path") else ()
                    out.append(error_at(pack, "lab", lab.id, path, issue.message,
                                        getattr(issue, "fix", None)))
    return out
