"""The shell reader: structure, quoting like shlex, and clear errors for what a shell rejects."""

from __future__ import annotations

import shlex

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.grading.commands.shell import Script, ShellSyntaxError, parse


def words(script: Script, pipeline: int = 0, command: int = 0) -> list[str]:
    return [w.text for w in script.pipelines[pipeline].commands[command].words]


def test_pipeline_and_separators() -> None:
    script = parse("a x | b y && c; d & e || f")
    assert [len(p.commands) for p in script.pipelines] == [2, 1, 1, 1, 1]
    assert script.separators == ("&&", ";", "&", "||")
    assert words(script, 0, 1) == ["b", "y"]


def test_quotes_escapes_and_continuations() -> None:
    script = parse("""echo 'a b' "c \\"d\\" $HOME" e\\ f \\\n  g""")
    assert words(script) == ["echo", "a b", 'c "d" $HOME', "e f", "g"]


def test_newline_is_a_separator_but_not_after_pipe_or_and() -> None:
    assert parse("a\nb").separators == (";",)
    assert len(parse("a |\n b").pipelines) == 1
    assert parse("a &&\n\n b").separators == ("&&",)


def test_assignments_before_the_command_only() -> None:
    command = parse("A=1 B='x y' cmd C=2").pipelines[0].commands[0]
    assert [(n, w.text) for n, w in command.assignments] == [("A", "1"), ("B", "x y")]
    assert [w.text for w in command.words] == ["cmd", "C=2"]


def test_substitutions_nest_and_parse_recursively() -> None:
    word = parse('echo "x $(a "$(b `c d`)") y"').pipelines[0].commands[0].words[1]
    outer = word.parts[1]
    assert isinstance(outer, Script)
    inner_word = outer.pipelines[0].commands[0].words[1]
    inner = inner_word.pure_sub
    assert inner is not None
    backtick = inner.pipelines[0].commands[0].words[1].pure_sub
    assert backtick is not None and words(backtick) == ["c", "d"]


def test_backtick_with_pipe_inside() -> None:
    sub = parse("`aws ecr get-login | sed s/x//`").pipelines[0].commands[0].words[0].pure_sub
    assert sub is not None and len(sub.pipelines[0].commands) == 2


def test_redirections_and_comments() -> None:
    command = parse("cmd a > out.txt 2>&1 # note").pipelines[0].commands[0]
    assert [w.text for w in command.words] == ["cmd", "a"]
    assert [op for op, _ in command.redirects] == [">", "2>&"]


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"),
    ("   \n ", "empty"),
    ("|", "`|` needs a command before it"),
    ("a |", "`|` needs a command after it"),
    ("a && ", "`&&` needs a command after it"),
    ("&& a", "`&&` needs a command before it"),
    ("; a", "`;` needs a command before it"),
    ("echo 'x", "' quote is never closed"),
    ('echo "x', '" quote is never closed'),
    ("echo $(a", "never closed"),
    ("echo `a", "backtick is never closed"),
    ("a \\", "lone backslash"),
    ("(a)", "grouping"),
    ("a;;b", "unexpected `;;`"),
    ("cat <<EOF", "here-documents"),
    ("echo $((1+2))", "arithmetic"),
    ("a >", "needs a file name"),
    ("echo $( )", "empty"),
    ("echo ${x", "never closed"),
    ("a " + "$(" * 20 + "b" + ")" * 20, "nest too deeply"),
])
def test_errors_are_clear(text: str, message: str) -> None:
    with pytest.raises(ShellSyntaxError) as info:
        parse(text)
    assert message in info.value.message
    description = info.value.describe(text)
    assert "column" in description and "^" in description


def test_error_points_at_the_spot() -> None:
    text = "aws ecs list-clusters --query 'x"
    with pytest.raises(ShellSyntaxError) as info:
        parse(text)
    assert info.value.position == text.index("'")
    assert info.value.describe(text).endswith(" " * text.index("'") + "^")


_SAFE = st.text(alphabet=st.sampled_from([*list("ab- =.:/'\"\\"), " ", "\t"]), max_size=40)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(_SAFE)
def test_quoting_agrees_with_shlex(text: str) -> None:
    try:
        expected = shlex.split(text)
    except ValueError:
        with pytest.raises(ShellSyntaxError):
            parse(text)
        return
    if not expected:
        return
    command = parse(text).pipelines[0].commands[0]
    got = [f"{name}={w.text}" for name, w in command.assignments] + [w.text for w in command.words]
    assert got == expected


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("a |&;$()`'\"\\<>#\n{}=-")), max_size=30))
def test_parse_raises_only_syntax_errors(text: str) -> None:
    try:
        parse(text)
    except ShellSyntaxError as exc:
        assert exc.describe(text)


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from(list("ab=X_ |\t-.:/*~{}")), max_size=40))
def test_fast_path_agrees_with_the_full_parser(text: str) -> None:
    from tutor.grading.commands import shell

    def shape(script: Script) -> list[list[tuple[list[tuple[str, str]], list[str]]]]:
        return [[([(n, w.text) for n, w in c.assignments], [w.text for w in c.words])
                 for c in p.commands] for p in script.pipelines]

    fast = shell._fast(text) if text.strip() else None
    if fast is None:
        return
    parser = shell._Parser(text, 0, 0)
    assert shape(fast) == shape(parser.script(closer=None))
