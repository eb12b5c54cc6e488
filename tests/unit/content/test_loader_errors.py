"""Every error class of the loader, each with its exact file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.content.packfiles import GOOD_QUESTION, make_pack
from tutor.content.loader import MAX_FILE_BYTES, load_pack


def errors_of(root: Path) -> list[str]:
    return [str(e) for e in load_pack(root).errors]


def test_valid_pack_loads_without_errors(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"quizzes/ecr.yaml": "questions:\n" + GOOD_QUESTION})
    result = load_pack(root)
    assert result.ok
    assert list(result.pack.questions) == ["q-single"]
    assert result.pack.questions["q-single"].choices[0].correct is True


def test_unknown_key_points_at_the_key_and_suggests(tmp_path: Path) -> None:
    bad = GOOD_QUESTION.replace("feedback: wrong", "feedbak: wrong")
    root = make_pack(tmp_path / "p", {"quizzes/ecr.yaml": "questions:\n" + bad})
    [err] = load_pack(root).errors
    assert (err.file, err.line, err.column) == ("quizzes/ecr.yaml", 10, 26)
    assert err.path == "questions[0].choices[1].feedbak"
    assert err.message == "unknown key 'feedbak'"
    assert err.fix == "did you mean 'feedback'?"


def test_missing_key_points_at_the_mapping(tmp_path: Path) -> None:
    bad = GOOD_QUESTION.replace("    explanation: Because.\n", "")
    root = make_pack(tmp_path / "p", {"quizzes/ecr.yaml": "questions:\n" + bad})
    [err] = load_pack(root).errors
    assert (err.line, err.column) == (2, 5)
    assert err.message == "missing required key 'explanation'"
    assert err.path == "questions[0].explanation"


def test_wrong_question_type_suggests_the_nearest(tmp_path: Path) -> None:
    bad = GOOD_QUESTION.replace("type: single", "type: singel")
    root = make_pack(tmp_path / "p", {"quizzes/ecr.yaml": "questions:\n" + bad})
    [err] = load_pack(root).errors
    assert (err.line, err.column) == (2, 5)
    assert "'singel' is not a question type" in err.message
    assert err.fix == "did you mean 'single'?"


def test_number_where_text_expected_says_quote_it(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {}, manifest="id: t\ntitle: T\nversion: 1.0\n")
    [err] = load_pack(root).errors
    assert (err.file, err.line, err.column) == ("pack.yaml", 3, 1)
    assert err.fix == 'quote it: "1.0"'


def test_model_rule_single_needs_one_correct(tmp_path: Path) -> None:
    bad = GOOD_QUESTION.replace("correct: true, ", "")
    root = make_pack(tmp_path / "p", {"quizzes/ecr.yaml": "questions:\n" + bad})
    [err] = load_pack(root).errors
    assert "exactly one correct choice, not 0" in err.message
    assert err.line == 2


def test_all_errors_of_all_files_are_reported_together(tmp_path: Path) -> None:
    one = GOOD_QUESTION.replace("feedback: wrong", "feedbak: wrong")
    two = GOOD_QUESTION.replace("q-single", "q-two").replace("source: https", "source: http")
    root = make_pack(tmp_path / "p", {
        "quizzes/a.yaml": "questions:\n" + one,
        "quizzes/b.yaml": "questions:\n" + two,
        "quizzes/c.yaml": "questions: [\n",
    })
    errs = load_pack(root).errors
    files = sorted({e.file for e in errs})
    assert files == ["quizzes/a.yaml", "quizzes/b.yaml", "quizzes/c.yaml"]


def test_one_bad_question_does_not_hide_the_good_ones(tmp_path: Path) -> None:
    bad = GOOD_QUESTION.replace("q-single", "q-bad").replace("type: single", "type: nope")
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": "questions:\n" + GOOD_QUESTION + bad})
    result = load_pack(root)
    assert [e.path for e in result.errors] == ["questions[1]"]
    assert "q-single" in result.pack.questions


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {
        "quizzes/a.yaml": "questions:\n" + GOOD_QUESTION,
        "quizzes/b.yaml": "\n\nquestions:\n" + GOOD_QUESTION,
    })
    [err] = load_pack(root).errors
    assert (err.file, err.line, err.column) == ("quizzes/b.yaml", 4, 5)
    assert err.message == "duplicate question id 'q-single' (first in quizzes/a.yaml)"


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    bad = GOOD_QUESTION.replace("    stem: Which?\n", "    stem: Which?\n    stem: Again?\n")
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": "questions:\n" + bad})
    [err] = load_pack(root).errors
    assert (err.line, err.column) == (6, 5)
    assert err.message == "duplicate key 'stem' (first at line 5)"


def test_dangling_lesson_link_names_the_nearest_question(tmp_path: Path) -> None:
    lesson = "---\nid: l1\ntitle: L\ntopic: ecr\nquestions: [q-singel]\n---\n# Hi\n"
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": "questions:\n" + GOOD_QUESTION,
                                      "lessons/01.md": lesson})
    [err] = load_pack(root).errors
    assert (err.file, err.line, err.column) == ("lessons/01.md", 5, 13)
    assert err.message == "links question 'q-singel', which does not exist"
    assert err.fix == "did you mean 'q-single'?"


def test_undeclared_topic(tmp_path: Path) -> None:
    bad = GOOD_QUESTION.replace("topic: ecr", "topic: ecrr")
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": "questions:\n" + bad})
    [err] = load_pack(root).errors
    assert (err.line, err.column) == (4, 5)
    assert err.fix == "did you mean 'ecr'?"


def test_lab_question_must_name_an_existing_lab(tmp_path: Path) -> None:
    q = ("  - id: q-lab\n    type: lab\n    topic: ecr\n    stem: Do it.\n    explanation: E.\n"
         "    source: https://docs.aws.amazon.com/x\n    lab: nope\n")
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": "questions:\n" + q})
    [err] = load_pack(root).errors
    assert (err.line, err.column, err.path) == (8, 5, "questions[0].lab")


def test_missing_manifest(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {}, manifest=None)
    [err] = load_pack(root).errors
    assert err.file == "pack.yaml" and "has no pack.yaml" in err.message


def test_missing_folder(tmp_path: Path) -> None:
    [err] = load_pack(tmp_path / "nowhere").errors
    assert err.message == "no such pack folder"


def test_front_matter_missing(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"lessons/01.md": "# No front matter\n"})
    [err] = load_pack(root).errors
    assert (err.file, err.line, err.column) == ("lessons/01.md", 1, 1)
    assert "must start with YAML front matter" in err.message


def test_front_matter_invalid_yaml_line_is_file_line(tmp_path: Path) -> None:
    lesson = "---\nid: l1\ntitle: [unclosed\ntopic: ecr\n---\n# Hi\n"
    root = make_pack(tmp_path / "p", {"lessons/01.md": lesson})
    [err] = load_pack(root).errors
    assert err.file == "lessons/01.md"
    assert err.line in (4, 5)  # libyaml reports where the flow sequence broke
    assert "YAML syntax error" in err.message


def test_front_matter_unknown_key_line_counts_the_opening_dashes(tmp_path: Path) -> None:
    lesson = "---\nid: l1\ntitle: L\ntopic: ecr\nobjective: [x]\n---\n# Hi\n"
    root = make_pack(tmp_path / "p", {"lessons/01.md": lesson})
    [err] = load_pack(root).errors
    assert (err.line, err.column) == (5, 1)
    assert err.fix == "did you mean 'objectives'?"


def test_lesson_without_text(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"lessons/01.md": "---\nid: l1\ntitle: L\ntopic: ecr\n---\n"})
    [err] = load_pack(root).errors
    assert err.message == "the lesson has no text"


def test_pages_split_on_dash_lines_but_not_inside_code(tmp_path: Path) -> None:
    body = "# One\n\n---\n\n# Two\n```yaml\n---\nkey: v\n```\n---\n# Three\n"
    root = make_pack(tmp_path / "p", {"lessons/01.md": "---\nid: l1\ntitle: L\ntopic: ecr\n---\n"
                                      + body})
    lesson = load_pack(root).pack.lessons["l1"]
    assert [p.splitlines()[0] for p in lesson.pages] == ["# One", "# Two", "# Three"]
    assert "key: v" in lesson.pages[1]


def test_non_utf8_file_points_at_the_byte(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": b"questions:\n  - id: caf\xe9\n"})
    [err] = load_pack(root).errors
    assert (err.line, err.column) == (2, 12)
    assert "not UTF-8: byte 0xe9" in err.message


def test_file_over_the_size_cap(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": "#" * (MAX_FILE_BYTES + 1)})
    [err] = load_pack(root).errors
    assert "over the" in err.message and err.fix == "split it into several files"


def test_binary_file(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": b"questions:\n\x00\x01"})
    [err] = load_pack(root).errors
    assert err.line == 2 and "NUL byte" in err.message


@pytest.mark.timeout(10)
def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        levels.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": "\n".join(levels) + "\n"})
    errs = load_pack(root).errors
    assert any("aliases" in e.message for e in errs)
    assert errs[0].line == 2


def test_merge_keys_refused(tmp_path: Path) -> None:
    text = "questions:\n  - <<: {id: x}\n"
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": text})
    [err] = load_pack(root).errors
    assert "merge keys" in err.message and (err.line, err.column) == (2, 5)


def test_tab_indentation_gets_a_fix(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": "questions:\n\t- id: x\n"})
    [err] = load_pack(root).errors
    assert err.line == 2 and err.fix == "indent with spaces, not tabs"


def test_invalid_jmespath_in_snippet_expectation(tmp_path: Path) -> None:
    q = ("  - id: q-snip\n    type: snippet\n    topic: ecs\n    stem: S\n    explanation: E\n"
         "    source: https://docs.aws.amazon.com/x\n    answer: '{}'\n    expect:\n"
         "      - {path: 'a[', equals: 1}\n")
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": "questions:\n" + q})
    [err] = load_pack(root).errors
    assert err.path == "questions[0].expect[0].path"
    assert err.line == 10
    assert "invalid JMESPath expression" in err.message


def test_quiz_file_unknown_top_level_key(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"quizzes/a.yaml": "question:\n" + GOOD_QUESTION})
    [err] = load_pack(root).errors
    assert (err.line, err.column) == (1, 1) and err.fix == "did you mean 'questions'?"


def test_error_string_format(tmp_path: Path) -> None:
    bad = GOOD_QUESTION.replace("feedback: wrong", "feedbak: wrong")
    root = make_pack(tmp_path / "p", {"quizzes/ecr.yaml": "questions:\n" + bad})
    [line] = errors_of(root)
    assert line == ("quizzes/ecr.yaml:10:26: questions[0].choices[1].feedbak: unknown key "
                    "'feedbak' (fix: did you mean 'feedback'?)")
