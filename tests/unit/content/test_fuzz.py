"""Random and mutated YAML never produces a traceback: only located PackErrors."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.content.packfiles import GOOD_QUESTION, make_pack
from tutor.content.loader import load_pack

VALID = "questions:\n" + GOOD_QUESTION

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         st.text(max_size=20))
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=10), children, max_size=4)),
    max_leaves=20,
)


def _check(text: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_pack(Path(tmp) / "p", {"quizzes/a.yaml": text})
        result = load_pack(root)
        for err in result.errors:
            assert err.line >= 1 and err.column >= 1
            assert err.file
            assert str(err)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    _check(text)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes(data: bytes) -> None:
    _check(data)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(VALID) - 1), st.integers(0, 40), st.text(max_size=8))
def test_mutated_valid_file(pos: int, cut: int, insert: str) -> None:
    _check(VALID[:pos] + insert + VALID[pos + cut:])


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["questions", "labs", "x"]),
                       st.lists(yaml_values, max_size=3), max_size=3))
def test_structured_garbage(data: dict) -> None:
    import yaml

    _check(yaml.safe_dump(data))


@settings(max_examples=80, deadline=None)
@given(yaml_values)
def test_garbage_front_matter(front: object) -> None:
    import yaml

    with tempfile.TemporaryDirectory() as tmp:
        text = "---\n" + yaml.safe_dump(front) + "---\n# Hi\n"
        root = make_pack(Path(tmp) / "p", {"lessons/a.md": text})
        for err in load_pack(root).errors:
            assert err.line >= 1
