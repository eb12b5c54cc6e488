"""Pack discovery from every source, skipped packs with reasons, schema and scaffold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.content.packfiles import GOOD_QUESTION, make_pack
from tutor.content.discovery import discover_packs
from tutor.content.loader import load_pack
from tutor.content.scaffold import new_pack
from tutor.content.schema import all_schemas

REPO = Path(__file__).resolve().parents[3]


def _pack(root: Path, pack_id: str) -> Path:
    manifest = f'id: {pack_id}\ntitle: {pack_id}\nversion: "1"\n'
    q = GOOD_QUESTION.replace("q-single", f"{pack_id}-q")
    return make_pack(root, {"quizzes/a.yaml": "questions:\n" + q}, manifest=manifest)


def test_every_source_is_discovered_and_a_broken_pack_is_skipped_with_its_reason(
        tmp_path: Path, awstutor_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flag = _pack(tmp_path / "flag", "flag-pack")
    env_a = _pack(tmp_path / "env-a", "env-pack")
    user = _pack(awstutor_home / "packs" / "mine", "user-pack")
    broken = make_pack(tmp_path / "broken", {"quizzes/a.yaml": "questions: [\n"},
                       manifest='id: broken\ntitle: B\nversion: "1"\n')
    monkeypatch.setenv("AWSTUTOR_PACKS", f"{env_a}:{broken}")
    found = discover_packs([flag], include_builtin=False)
    by_origin = {(d.origin, d.path.name): d for d in found}
    assert by_origin[("--pack", "flag")].ok
    assert by_origin[("AWSTUTOR_PACKS", "env-a")].ok
    assert by_origin[("user", user.name)].ok
    skipped = by_origin[("AWSTUTOR_PACKS", "broken")]
    assert not skipped.ok
    assert skipped.skip_reason.startswith("quizzes/a.yaml:2:1: YAML syntax error")


def test_same_pack_id_twice_is_skipped(tmp_path: Path) -> None:
    a = _pack(tmp_path / "a", "same")
    b = _pack(tmp_path / "b", "same")
    found = discover_packs([a, b], include_builtin=False)
    assert [d.ok for d in found] == [True, False]
    assert "already loaded" in found[1].skip_reason


def test_same_path_is_loaded_once(tmp_path: Path) -> None:
    a = _pack(tmp_path / "a", "once")
    assert len(discover_packs([a, a / "."], include_builtin=False)) == 1


def test_builtin_pack_is_found(tmp_path: Path) -> None:
    found = discover_packs([])
    assert found[0].origin == "built-in"
    assert found[0].result.pack is not None
    assert found[0].result.pack.id == "aws-containers"


def test_scaffold_validates_and_carries_schema_lines(tmp_path: Path) -> None:
    root = new_pack(tmp_path / "My Pack")
    result = load_pack(root)
    assert result.ok, result.errors
    assert result.pack.id == "my-pack"
    assert (root / "quizzes/intro.yaml").read_text().startswith(
        "# yaml-language-server: $schema=../.schema/quiz.schema.json")
    schema = json.loads((root / ".schema/quiz.schema.json").read_text())
    assert "questions" in schema["properties"]


def test_scaffold_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        new_pack(tmp_path / "x")


def test_schema_knows_every_question_type_and_rejects_unknown_keys() -> None:
    quiz = all_schemas()["quiz"]
    text = json.dumps(quiz)
    for qtype in ("single", "multiple", "true_false", "ordering", "short_text", "numeric",
                  "command", "snippet", "placement", "lab"):
        assert f'"const": "{qtype}"' in text
    assert quiz["additionalProperties"] is False


def test_committed_schemas_match_the_models() -> None:
    folder = REPO / "docs" / "schema"
    for kind, schema in all_schemas().items():
        committed = json.loads((folder / f"{kind}.schema.json").read_text())
        assert committed == json.loads(json.dumps(schema, sort_keys=True)), (
            f"docs/schema/{kind}.schema.json is stale: run awstutor pack schema --out docs/schema")
