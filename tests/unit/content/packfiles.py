"""Build small pack folders for tests from dicts of file texts."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

MANIFEST = """\
id: t
title: Test pack
version: "1.0.0"
topics:
  - {id: ecr, title: ECR}
  - {id: ecs, title: ECS}
"""

GOOD_QUESTION = """\
  - id: q-single
    type: single
    topic: ecr
    stem: Which?
    explanation: Because.
    source: https://docs.aws.amazon.com/AmazonECR/latest/userguide/what-is-ecr.html
    choices:
      - {id: a, text: A, correct: true, feedback: right}
      - {id: b, text: B, feedback: wrong}
"""


def make_pack(root: Path, files: dict[str, str | bytes], *, manifest: str | None = MANIFEST
              ) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "lessons").mkdir(exist_ok=True)
    (root / "quizzes").mkdir(exist_ok=True)
    if manifest is not None:
        (root / "pack.yaml").write_text(manifest, encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(dedent(content) if content.startswith("\n") else content,
                            encoding="utf-8")
    return root
