"""The `awstutor` CLI as a user runs it: help, pack validate/new/schema/list/try."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tests.unit.content.packfiles import GOOD_QUESTION, make_pack
from tutor.cli import LAZY_COMMANDS, cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), obj={})
    return result.exit_code, result.output


def test_help_lists_every_command_with_a_summary() -> None:
    code, out = run("--help")
    assert code == 0
    for name in [*LAZY_COMMANDS, "pack", "serve"]:
        assert f"  {name} " in out
    code, out = run("pack", "--help")
    for name in ("new", "validate", "schema", "list", "try", "check"):
        assert f"  {name} " in out


def test_every_command_has_help() -> None:
    for name in [*LAZY_COMMANDS, "serve"]:
        code, out = run(name, "--help")
        assert code == 0, (name, out)
        assert "Usage:" in out
    for name in ("new", "validate", "schema", "list", "try", "check"):
        code, out = run("pack", name, "--help")
        assert code == 0 and "Usage:" in out, (name, out)


def test_validate_good_pack_prints_one_summary_line(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": "questions:\n" + GOOD_QUESTION})
    code, out = run("pack", "validate", str(root))
    assert code == 0
    assert out.strip().splitlines() == ["t 1.0.0: valid — 0 lessons, 1 question, 0 labs"]


def test_validate_bad_pack_prints_every_error_and_exits_1(tmp_path: Path) -> None:
    bad = GOOD_QUESTION.replace("feedback: wrong", "feedbak: wrong")
    bad2 = GOOD_QUESTION.replace("q-single", "q2").replace("type: single", "type: singel")
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": "questions:\n" + bad + bad2})
    code, out = run("pack", "validate", str(root))
    assert code == 1
    lines = [ln for ln in out.splitlines() if "quizzes/a.yaml:" in ln]
    assert len(lines) == 2
    assert lines[0].endswith("quizzes/a.yaml:10:26: questions[0].choices[1].feedbak: unknown key "
                             "'feedbak' (fix: did you mean 'feedback'?)")


def test_validate_json(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": "questions: [\n"})
    code, out = run("pack", "validate", str(root), "--json")
    assert code == 1
    data = json.loads(out)
    assert data["valid"] is False
    assert data["errors"][0]["file"] == "quizzes/a.yaml"
    assert data["errors"][0]["line"] == 2


def test_new_then_validate(tmp_path: Path) -> None:
    code, out = run("pack", "new", str(tmp_path / "fresh"))
    assert code == 0 and "created" in out
    code, out = run("pack", "validate", str(tmp_path / "fresh"))
    assert code == 0, out
    code, out = run("pack", "new", str(tmp_path / "fresh"))
    assert code == 1 and "not empty" in out


def test_schema_prints_every_kind() -> None:
    code, out = run("pack", "schema")
    assert code == 0
    assert set(json.loads(out)) == {"manifest", "quiz", "lessons", "lesson-front-matter"}


def test_list_shows_counts_and_skipped_packs(tmp_path: Path) -> None:
    good = make_pack(tmp_path / "g", {"quizzes/a.yaml": "questions:\n" + GOOD_QUESTION})
    bad = make_pack(tmp_path / "b", {}, manifest="id: [\n")
    code, out = run("--pack", str(good), "--pack", str(bad), "pack", "list")
    assert code == 0
    assert "t 1.0.0 — Test pack" in out
    assert f"skipped {bad}" in out


def test_try_grades_with_the_real_grader(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": "questions:\n" + GOOD_QUESTION})
    code, out = run("pack", "try", str(root), "q-single", "--answer", "a")
    assert code == 0 and "correct, score 1.00" in out
    code, out = run("pack", "try", str(root), "q-single", "--answer", "b", "--json")
    assert code == 1
    data = json.loads(out)
    assert data["grade"]["correct"] is False
    assert "wrong" in " ".join(data["grade"]["feedback"])
    code, out = run("pack", "try", str(root), "q-singel", "--answer", "a")
    assert code == 1 and "did you mean 'q-single'" in out


def test_python_dash_m_tutor_runs_the_same_cli() -> None:
    out = subprocess.run([sys.executable, "-m", "tutor", "--version"], capture_output=True,
                         text=True, check=True).stdout
    assert out.startswith("awstutor, version ")


def test_builtin_pack_validates_from_any_directory(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "tutor", "pack", "validate", "--no-lint"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("aws-containers ")
