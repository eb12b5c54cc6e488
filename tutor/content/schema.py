"""JSON Schema for every pack file kind, generated from the pydantic models (one source)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from tutor.content.models import LessonFile, LessonFrontMatter, Manifest, QuestionFile

FILE_KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "manifest": (Manifest, "pack.yaml"),
    "quiz": (QuestionFile, "quizzes/*.yaml: questions and labs"),
    "lessons": (LessonFile, "lessons/*.yaml: inline lessons"),
    "lesson-front-matter": (LessonFrontMatter, "front matter of lessons/*.md"),
}


def schema_for(kind: str) -> dict[str, Any]:
    model, description = FILE_KINDS[kind]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://awstutor.invalid/schema/{kind}.schema.json"
    schema.setdefault("description", description)
    return schema


def all_schemas() -> dict[str, dict[str, Any]]:
    return {kind: schema_for(kind) for kind in FILE_KINDS}


def write_schemas(folder: Path) -> list[Path]:
    """Write `<kind>.schema.json` files (used by `pack new` and docs/schema)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, schema in all_schemas().items():
        path = folder / f"{kind}.schema.json"
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written
