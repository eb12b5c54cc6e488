"""Load a pack folder into an immutable `Pack`, collecting every error with its location.

A pack folder holds `pack.yaml`, `lessons/` (`*.md` with YAML front matter, or `*.yaml` with a
`lessons:` list) and `quizzes/` (`*.yaml` with `questions:` and/or `labs:`). All errors of a pack
are reported together; a broken file never hides the problems of the others.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from tutor.content.errors import PackError, format_path
from tutor.content.models import (
    QUESTION_TYPES,
    Lab,
    Lesson,
    LessonFile,
    LessonFrontMatter,
    Manifest,
    Question,
)
from tutor.content.yamlsource import Mark, YamlProblem, load_yaml, locate

MAX_FILE_BYTES = 1024 * 1024
_QUESTION: TypeAdapter[Question] = TypeAdapter(Question)
_LAB: TypeAdapter[Lab] = TypeAdapter(Lab)
MANIFEST = "pack.yaml"
PAGE_BREAK = "---"


@dataclass(frozen=True)
class Origin:
    """Where an item was defined: its file (relative to the pack) and its path inside it."""

    file: str
    path: tuple[str | int, ...]
    line_offset: int = 0


@dataclass(frozen=True)
class Pack:
    """A validated pack. Dicts keep file order; lessons are sorted by (order, id)."""

    manifest: Manifest
    path: Path
    lessons: dict[str, Lesson]
    questions: dict[str, Question]
    labs: dict[str, Lab]
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        return self.manifest.id

    @property
    def title(self) -> str:
        return self.manifest.title

    def topics(self) -> list[str]:
        """Topic ids: the manifest's order first, then any others used by items."""
        ordered = [t.id for t in self.manifest.topics]
        for item in [*self.lessons.values(), *self.questions.values(), *self.labs.values()]:
            if item.topic not in ordered:
                ordered.append(item.topic)
        return ordered

    def topic_title(self, topic: str) -> str:
        for t in self.manifest.topics:
            if t.id == topic:
                return t.title
        return topic

    def questions_for(self, topic: str) -> list[Question]:
        return [q for q in self.questions.values() if q.topic == topic]

    def lesson_for_question(self, question_id: str) -> Lesson | None:
        for lesson in self.lessons.values():
            if question_id in lesson.questions:
                return lesson
        question = self.questions.get(question_id)
        if question is None:
            return None
        for lesson in self.lessons.values():
            if lesson.topic == question.topic:
                return lesson
        return None

    def counts_by_topic(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for topic in self.topics():
            out[topic] = {
                "lessons": sum(1 for x in self.lessons.values() if x.topic == topic),
                "questions": sum(1 for x in self.questions.values() if x.topic == topic),
                "labs": sum(1 for x in self.labs.values() if x.topic == topic),
            }
        return out


@dataclass
class LoadResult:
    path: Path
    pack: Pack | None
    errors: list[PackError]
    warnings: list[PackError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.pack is not None and not self.errors


# ----------------------------------------------------------------------------- reading files


def _read_text(path: Path, rel: str, errors: list[PackError]) -> str | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            errors.append(PackError(rel, 1, 1, "", f"file is {size:,} bytes, over the "
                                    f"{MAX_FILE_BYTES:,}-byte limit",
                                    "split it into several files"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        errors.append(PackError(rel, 1, 1, "", f"cannot read file: {exc.strerror or exc}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        errors.append(PackError(rel, line, col, "", f"not UTF-8: byte 0x{raw[exc.start]:02x} "
                                "cannot be decoded", "save the file as UTF-8"))
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        errors.append(PackError(rel, line, 1, "", "file contains a NUL byte (binary file?)",
                                "remove it or move the file out of the pack"))
        return None
    return text


# ----------------------------------------------------------------------------- pydantic errors


@cache
def _vocabulary() -> tuple[str, ...]:
    """Every key any pack model accepts (for "did you mean")."""
    from tutor.content import models

    names: set[str] = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            for name, info in obj.model_fields.items():
                names.add(info.alias or name)
    return tuple(sorted(names))


def _clean_loc(loc: Iterable[str | int]) -> tuple[str | int, ...]:
    """Drop pydantic's union-tag elements ('questions', 3, 'single', 'stem' -> no 'single')."""
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and part in QUESTION_TYPES and out and isinstance(out[-1], int):
            continue
        if isinstance(part, str) and ("[" in part or part.startswith("function-")):
            continue
        if part == "in_":
            part = "in"
        out.append(part)
    return tuple(out)


def _friendly(err: dict[str, Any]) -> tuple[str, str | None]:
    kind = err["type"]
    loc = err["loc"]
    ctx = err.get("ctx") or {}
    msg: str = err["msg"]
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        close = difflib.get_close_matches(key, _vocabulary(), n=1, cutoff=0.6)
        return (f"unknown key '{key}'", f"did you mean '{close[0]}'?" if close
                else "remove it (see `awstutor pack schema`)")
    if kind == "missing":
        key = str(loc[-1]) if loc else "?"
        return (f"missing required key '{key}'", f"add '{key}:'")
    if kind == "union_tag_invalid":
        tag = ctx.get("tag", "?")
        close = difflib.get_close_matches(str(tag), QUESTION_TYPES, n=1, cutoff=0.5)
        fix = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(QUESTION_TYPES)
        return (f"'{tag}' is not a question type", fix)
    if kind == "union_tag_not_found":
        return ("a question needs a `type`", "add `type:` with one of: " + ", ".join(QUESTION_TYPES))
    if kind == "string_type":
        value = err.get("input")
        if isinstance(value, int | float | bool):
            return (f"expected text, got {type(value).__name__} {value!r}",
                    f"quote it: \"{value}\"")
        return ("expected text", None)
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if "https" in pattern:
            return (f"{err.get('input')!r} is not an https:// URL", "use a full https:// link")
        if "a-z0-9" in pattern:
            return (f"{err.get('input')!r} is not a valid id",
                    "use lower-case letters, digits, '.', '_' or '-' (max 80)")
        return (f"{err.get('input')!r} does not match {pattern}", None)
    if kind == "literal_error":
        return (f"{err.get('input')!r} is not allowed here", f"use {ctx.get('expected', '')}")
    if kind == "value_error":
        return (msg.removeprefix("Value error, "), None)
    if kind in ("tuple_type", "list_type"):
        return ("expected a list", "write it as a YAML list (- item)")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return ("expected a mapping (key: value)", None)
    if kind == "too_short":
        return (msg, None)
    return (msg, None)


def validation_errors(exc: ValidationError, text: str, rel: str, *, base: tuple[str | int, ...] = (),
                      line_offset: int = 0) -> list[PackError]:
    """Turn a pydantic ValidationError into located PackErrors."""
    out: list[PackError] = []
    seen: set[tuple[int, int, str]] = set()
    raw = exc.errors()
    deep = [_clean_loc(base + tuple(e["loc"])) for e in raw]
    for err, loc in zip(raw, deep, strict=True):
        if err["type"] == "too_short" and any(
            other != loc and other[: len(loc)] == loc for other in deep
        ):
            continue  # a knock-on of an error inside the list
        message, fix = _friendly(err)
        full = loc
        mark: Mark = locate(text, full) if err["type"] != "missing" else locate(text, full[:-1])
        key = (mark.line, mark.column, message)
        if key in seen:
            continue
        seen.add(key)
        out.append(PackError(rel, mark.line + line_offset, mark.column, format_path(full),
                             message, fix))
    return out


# ----------------------------------------------------------------------------- lesson markdown


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """('front matter yaml', 'body', body_first_line) or None when there is no front matter."""
    if not text.startswith("---"):
        return None
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return ("\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2)
    return None


def split_pages(body: str) -> list[str]:
    """Pages are separated by a line holding only `---` (as in Marp and reveal-md)."""
    pages: list[str] = []
    current: list[str] = []
    fence = False
    for line in body.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if not fence and line.strip() == PAGE_BREAK:
            pages.append("\n".join(current).strip("\n"))
            current = []
        else:
            current.append(line)
    pages.append("\n".join(current).strip("\n"))
    return [p for p in pages if p.strip()]


def _load_markdown_lesson(path: Path, rel: str, errors: list[PackError]) -> Lesson | None:
    text = _read_text(path, rel, errors)
    if text is None:
        return None
    parts = split_front_matter(text)
    if parts is None:
        errors.append(PackError(rel, 1, 1, "", "a lesson .md file must start with YAML front "
                                "matter between two '---' lines",
                                "add ---, then id/title/topic, then --- before the text"))
        return None
    front_text, body, body_line = parts
    try:
        data = load_yaml(front_text)
    except YamlProblem as p:
        errors.append(PackError(rel, p.mark.line + 1, p.mark.column, "front matter",
                                p.message, p.fix))
        return None
    if not isinstance(data, dict):
        errors.append(PackError(rel, 2, 1, "front matter", "front matter must be a mapping",
                                "write id:, title:, topic: lines"))
        return None
    try:
        front = LessonFrontMatter.model_validate(data)
    except ValidationError as exc:
        errors.extend(validation_errors(exc, front_text, rel, line_offset=1))
        return None
    pages = split_pages(body)
    if not pages:
        errors.append(PackError(rel, body_line, 1, "", "the lesson has no text",
                                "write at least one page of Markdown after the front matter"))
        return None
    return Lesson(**front.model_dump(), pages=tuple(pages))


# ----------------------------------------------------------------------------- the pack


def _yaml_file(path: Path, rel: str, errors: list[PackError]) -> tuple[str, Any] | None:
    text = _read_text(path, rel, errors)
    if text is None:
        return None
    try:
        return text, load_yaml(text)
    except YamlProblem as p:
        errors.append(PackError(rel, p.mark.line, p.mark.column, "", p.message, p.fix))
        return None


def _files(folder: Path, patterns: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    found: set[Path] = set()
    for pattern in patterns:
        found.update(p for p in folder.rglob(pattern) if p.is_file())
    return sorted(found)


def load_pack(path: Path | str) -> LoadResult:
    """Load and validate one pack folder; never raises for bad content."""
    root = Path(path)
    errors: list[PackError] = []
    warnings: list[PackError] = []
    if root.is_file() and root.name == MANIFEST:
        root = root.parent
    manifest_path = root / MANIFEST
    if not root.is_dir():
        return LoadResult(root, None, [PackError(str(root), 1, 1, "", "no such pack folder",
                                                 "pass the folder that holds pack.yaml")])
    if not manifest_path.is_file():
        return LoadResult(root, None, [PackError(MANIFEST, 1, 1, "", f"{root} has no pack.yaml",
                                                 "run `awstutor pack new NAME` for a template")])
    manifest: Manifest | None = None
    loaded = _yaml_file(manifest_path, MANIFEST, errors)
    if loaded is not None:
        text, data = loaded
        try:
            manifest = Manifest.model_validate(data if data is not None else {})
        except ValidationError as exc:
            errors.extend(validation_errors(exc, text, MANIFEST))

    lessons: dict[str, Lesson] = {}
    questions: dict[str, Question] = {}
    labs: dict[str, Lab] = {}
    origins: dict[tuple[str, str], Origin] = {}

    def add(kind: str, store: dict[str, Any], item: Any, origin: Origin, text: str | None) -> None:
        key = (kind, item.id)
        if item.id in store:
            first = origins[key]
            mark = locate(text, (*origin.path, "id")) if text else Mark(1, 1)
            errors.append(PackError(origin.file, mark.line + origin.line_offset, mark.column,
                                    format_path((*origin.path, "id")),
                                    f"duplicate {kind} id '{item.id}' (first in {first.file})",
                                    "give each item its own id"))
            return
        store[item.id] = item
        origins[key] = origin

    for file in _files(root / "lessons", ("*.md",)):
        rel = file.relative_to(root).as_posix()
        lesson = _load_markdown_lesson(file, rel, errors)
        if lesson is not None:
            add("lesson", lessons, lesson, Origin(rel, (), 1), None)
    for file in _files(root / "lessons", ("*.yaml", "*.yml")):
        rel = file.relative_to(root).as_posix()
        loaded = _yaml_file(file, rel, errors)
        if loaded is None:
            continue
        text, data = loaded
        try:
            lf = LessonFile.model_validate(data if data is not None else {})
        except ValidationError as exc:
            errors.extend(validation_errors(exc, text, rel))
            continue
        for i, lesson in enumerate(lf.lessons):
            add("lesson", lessons, lesson, Origin(rel, ("lessons", i)), text)
    for file in _files(root / "quizzes", ("*.yaml", "*.yml")):
        rel = file.relative_to(root).as_posix()
        loaded = _yaml_file(file, rel, errors)
        if loaded is None:
            continue
        text, data = loaded
        if data is None:
            warnings.append(PackError(rel, 1, 1, "", "empty file", severity="warning"))
            continue
        if not isinstance(data, dict):
            errors.append(PackError(rel, 1, 1, "", "a quiz file must be a mapping with "
                                    "`questions:` and/or `labs:`", "start the file with questions:"))
            continue
        for key in data:
            if key not in ("questions", "labs"):
                mark = locate(text, (str(key),))
                close = difflib.get_close_matches(str(key), ["questions", "labs"], n=1)
                errors.append(PackError(rel, mark.line, mark.column, str(key),
                                        f"unknown key '{key}'",
                                        f"did you mean '{close[0]}'?" if close
                                        else "a quiz file holds `questions:` and `labs:`"))
        for kind, key, adapter, store in (("question", "questions", _QUESTION, questions),
                                          ("lab", "labs", _LAB, labs)):
            items = data.get(key) or []
            if not isinstance(items, list):
                mark = locate(text, (key,))
                errors.append(PackError(rel, mark.line, mark.column, key, "expected a list",
                                        f"write each entry as `- id: ...` under {key}:"))
                continue
            for i, raw in enumerate(items):
                try:
                    item = adapter.validate_python(raw)
                except ValidationError as exc:
                    errors.extend(validation_errors(exc, text, rel, base=(key, i)))
                    continue
                add(kind, store, item, Origin(rel, (key, i)), text)

    if manifest is None:
        errors.sort(key=lambda e: (e.file, e.line, e.column))
        return LoadResult(root, None, errors, warnings)
    ordered = dict(sorted(lessons.items(), key=lambda kv: (kv[1].order, kv[0])))
    pack = Pack(manifest, root, ordered, questions, labs, origins)
    errors.extend(check_references(pack))
    errors.sort(key=lambda e: (e.file, e.line, e.column))
    return LoadResult(root, pack, errors, warnings)


def error_at(pack: Pack, kind: str, item_id: str, sub: tuple[str | int, ...], message: str,
             fix: str | None = None) -> PackError:
    """A PackError located at a field of an item, re-reading its file only now."""
    origin = pack.origins.get((kind, item_id))
    if origin is None:
        return PackError(MANIFEST, 1, 1, item_id, message, fix)
    full = origin.path + sub
    mark = Mark(1, 1)
    if origin.file.endswith((".yaml", ".yml")):
        try:
            text = (pack.path / origin.file).read_text(encoding="utf-8")
            mark = locate(text, full)
        except OSError:
            pass
    elif origin.file.endswith(".md"):
        try:
            text = (pack.path / origin.file).read_text(encoding="utf-8")
            front = split_front_matter(text)
            if front is not None and sub:
                mark = locate(front[0], sub)
                mark = Mark(mark.line + 1, mark.column)
        except OSError:
            pass
    shown = format_path(full) if full else f"{kind} {item_id}"
    return PackError(origin.file, mark.line, mark.column, shown, message, fix)


def check_references(pack: Pack) -> list[PackError]:
    """Cross-file rules: links resolve, topics are declared."""
    out: list[PackError] = []
    declared = {t.id for t in pack.manifest.topics}
    for lesson in pack.lessons.values():
        for i, qid in enumerate(lesson.questions):
            if qid not in pack.questions:
                close = difflib.get_close_matches(qid, list(pack.questions), n=1)
                out.append(error_at(pack, "lesson", lesson.id, ("questions", i),
                                    f"links question '{qid}', which does not exist",
                                    f"did you mean '{close[0]}'?" if close else
                                    "fix the id or remove the link"))
        for i, lid in enumerate(lesson.labs):
            if lid not in pack.labs:
                close = difflib.get_close_matches(lid, list(pack.labs), n=1)
                out.append(error_at(pack, "lesson", lesson.id, ("labs", i),
                                    f"links lab '{lid}', which does not exist",
                                    f"did you mean '{close[0]}'?" if close else
                                    "fix the id or remove the link"))
    for question in pack.questions.values():
        if question.type == "lab" and question.lab not in pack.labs:
            close = difflib.get_close_matches(question.lab, list(pack.labs), n=1)
            out.append(error_at(pack, "question", question.id, ("lab",),
                                f"refers to lab '{question.lab}', which does not exist",
                                f"did you mean '{close[0]}'?" if close else "fix the lab id"))
    if declared:
        for kind, store in (("lesson", pack.lessons), ("question", pack.questions),
                            ("lab", pack.labs)):
            for item in store.values():
                if item.topic not in declared:
                    close = difflib.get_close_matches(item.topic, sorted(declared), n=1)
                    out.append(error_at(pack, kind, item.id, ("topic",),
                                        f"topic '{item.topic}' is not declared in pack.yaml",
                                        f"did you mean '{close[0]}'?" if close else
                                        "add it under `topics:` in pack.yaml"))
    return out
