"""The layers stay apart: domain packages load neither Textual nor moto nor boto3.

Each import runs in a fresh interpreter, so the test sees exactly what the import pulls in.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOMAIN = ["tutor", "tutor.content", "tutor.content.loader", "tutor.content.discovery",
          "tutor.content.lint", "tutor.grading", "tutor.ecs",
          "tutor.paths", "tutor.cli"]
HEAVY = ["textual", "moto", "boto3", "botocore", "awscli"]


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_import_loads_no_heavy_modules(module: str) -> None:
    code = (f"import sys, json, {module}; "
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout
    assert json.loads(out) == [], f"importing {module} loaded {out.strip()}"


def test_nothing_outside_tui_imports_textual() -> None:
    offenders = []
    for path in (REPO / "tutor").rglob("*.py"):
        if "tui" in path.relative_to(REPO / "tutor").parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "textual" or n.startswith("textual.") for n in names):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []
