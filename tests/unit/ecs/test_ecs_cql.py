"""Cluster query language: the ECS guide's examples, error columns, and parser properties."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.ecs import CQLSyntaxError, evaluate, parse
from tutor.ecs.cql import MAX_EXPRESSION_LENGTH, And, Compare, Not, Op, Or


@dataclass
class Facts:
    """A stand-in container instance with just what expressions read."""

    attributes: dict[str, str | None] = field(default_factory=dict)
    ec2_instance_id: str = "i-00000001"
    agent_connected: bool = True
    agent_version: str = "1.20.0"
    registered_at: datetime = datetime(2018, 6, 18, 22, 28, 28, tzinfo=UTC)
    running_tasks_count: int = 0
    task_groups: set[str] = field(default_factory=set)


def itype(name: str, az: str = "us-east-1a", **kw: object) -> Facts:
    return Facts({"ecs.instance-type": name, "ecs.availability-zone": az}, **kw)  # type: ignore[arg-type]


# -- the examples of the cluster-query-language and task-placement-constraints pages ---------

def test_string_equality_example() -> None:
    expr = parse("attribute:ecs.instance-type == t2.small")
    assert expr.matches(itype("t2.small"))
    assert not expr.matches(itype("t2.medium"))


def test_argument_list_example() -> None:
    expr = parse("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]")
    assert expr.matches(itype("t3.small", "us-east-1b"))
    assert not expr.matches(itype("t3.small", "us-east-1c"))


def test_compound_example_selects_g2_outside_us_east_1d() -> None:
    expr = parse("attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d")
    assert isinstance(expr, And)
    assert expr.matches(itype("g2.2xlarge", "us-east-1a"))
    assert not expr.matches(itype("g2.2xlarge", "us-east-1d"))
    assert not expr.matches(itype("t2.micro", "us-east-1a"))


def test_task_affinity_example() -> None:
    expr = parse("task:group == service:production")
    assert expr.matches(Facts(task_groups={"service:production", "family:x"}))
    assert not expr.matches(Facts(task_groups={"service:staging"}))
    assert not expr.matches(Facts())


def test_task_anti_affinity_example_includes_empty_instances() -> None:
    expr = parse("not(task:group == database)")
    assert isinstance(expr, Not)
    assert expr.matches(Facts())
    assert expr.matches(Facts(task_groups={"web"}))
    assert not expr.matches(Facts(task_groups={"database", "web"}))


def test_running_task_count_example() -> None:
    expr = parse("runningTasksCount == 1")
    assert expr.matches(Facts(running_tasks_count=1))
    assert not expr.matches(Facts(running_tasks_count=2))


def test_agent_version_compares_numerically_not_as_text() -> None:
    expr = parse("agentVersion < 1.14.5")
    assert expr.matches(Facts(agent_version="1.14.4"))
    assert expr.matches(Facts(agent_version="1.2.0"))
    assert not expr.matches(Facts(agent_version="1.14.5"))
    assert not expr.matches(Facts(agent_version="1.100.0"))
    assert parse("agentVersion >= 1.14").matches(Facts(agent_version="1.14.0"))


def test_registered_at_example_and_every_documented_date_format() -> None:
    before = parse("registeredAt < 2018-02-13")
    assert before.matches(Facts(registered_at=datetime(2018, 2, 12, 23, 59, tzinfo=UTC)))
    assert not before.matches(Facts(registered_at=datetime(2018, 2, 13, 0, 1, tzinfo=UTC)))
    moment = Facts(registered_at=datetime(2018, 6, 18, 22, 28, 28, tzinfo=UTC))
    for text in ("2018-06-18T22:28:28+00:00", "2018-06-18T22:28:28Z", "2018-06-18T22:28:28"):
        assert parse(f"registeredAt == {text}").matches(moment), text
    assert parse("registeredAt == 2018-06-18").matches(moment)
    assert parse("registeredAt > 2018-06-18T20:28:28-03:00").matches(Facts(registered_at=datetime(2018, 6, 18, 23, 29, tzinfo=UTC)))


def test_ec2_instance_id_list_with_quoted_values() -> None:
    expr = parse("ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']")
    assert expr.matches(Facts(ec2_instance_id="i-wxyx7890"))
    assert not expr.matches(Facts(ec2_instance_id="i-other"))


def test_filter_examples_of_the_attributes_page() -> None:
    prod, dev, bare = Facts({"stack": "prod"}), Facts({"stack": "dev"}), Facts({})
    fleet = [prod, dev, bare]
    assert evaluate("attribute:stack == prod", fleet) == [prod]
    # "lists the instances with the custom attribute stack unless the value is prod"
    assert evaluate("attribute:stack != prod", fleet) == [dev]
    assert evaluate("attribute:ecs.instance-type in [t2.small, t2.medium]", [itype("t2.small"), itype("t3.small")]) == [itype("t2.small")]
    assert len(evaluate("attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone == us-east-1a",
                        [itype("t2.micro"), itype("t2.micro", "us-east-1b"), itype("t3.micro")])) == 1


def test_constraint_examples_parse() -> None:
    assert parse("attribute:ecs.instance-type =~ t2.*").matches(itype("t2.large"))
    assert parse("task:group == databases").matches(Facts(task_groups={"databases"}))
    assert parse("attribute:ecs.instance-type =~ t3.*").matches(itype("t3.micro"))
    assert not parse("attribute:ecs.instance-type =~ t3.*").matches(itype("m5.large"))


# -- operators, aliases and combinators ------------------------------------------------------

@pytest.mark.parametrize(
    ("spelled", "op"),
    [("==", Op.EQ), ("equals", Op.EQ), ("!=", Op.NE), ("not_equals", Op.NE), (">", Op.GT), ("greater_than", Op.GT),
     (">=", Op.GE), ("greater_than_equal", Op.GE), ("<", Op.LT), ("less_than", Op.LT), ("<=", Op.LE),
     ("less_than_equal", Op.LE), ("=~", Op.MATCHES), ("matches", Op.MATCHES), ("!~", Op.NOT_MATCHES),
     ("not_matches", Op.NOT_MATCHES)],
)
def test_every_operator_alias(spelled: str, op: Op) -> None:
    expr = parse(f"attribute:n {spelled} 5")
    assert isinstance(expr, Compare) and expr.op is op


@pytest.mark.parametrize(("spelled", "op"), [("exists", Op.EXISTS), ("!exists", Op.NOT_EXISTS), ("not_exists", Op.NOT_EXISTS)])
def test_exists_operators(spelled: str, op: Op) -> None:
    expr = parse(f"attribute:gpu {spelled}")
    assert isinstance(expr, Compare) and expr.op is op
    assert expr.matches(Facts({"gpu": None})) is (op is Op.EXISTS)
    assert expr.matches(Facts()) is (op is Op.NOT_EXISTS)


@pytest.mark.parametrize("spelled", ["in", "!in", "not_in"])
def test_list_operators_take_brackets_or_parentheses(spelled: str) -> None:
    for text in (f"attribute:az {spelled} [a, b]", f"attribute:az {spelled} (a, 'b')"):
        expr = parse(text)
        assert expr.matches(Facts({"az": "a"})) is (spelled == "in")
        assert expr.matches(Facts({"az": "c"})) is (spelled != "in")


def test_attribute_alone_means_exists() -> None:
    assert parse("attribute:gpu").matches(Facts({"gpu": "1"}))
    assert not parse("attribute:gpu").matches(Facts())
    assert parse("attribute:gpu and attribute:ssd").to_text() == "attribute:gpu exists and attribute:ssd exists"


def test_precedence_not_over_and_over_or() -> None:
    expr = parse("attribute:a or attribute:b and not attribute:c")
    assert isinstance(expr, Or)
    assert isinstance(expr.items[1], And) and isinstance(expr.items[1].items[1], Not)
    assert expr.matches(Facts({"a": "1", "c": "1"}))
    assert not expr.matches(Facts({"b": "1", "c": "1"}))
    grouped = parse("(attribute:a or attribute:b) and not attribute:c")
    assert not grouped.matches(Facts({"a": "1", "c": "1"}))


def test_symbol_combinators_and_no_spaces() -> None:
    expr = parse("attribute:flavor==cpu&&!attribute:gpu||ec2InstanceId==i-9")
    assert expr.to_text() == "attribute:flavor == cpu and not(attribute:gpu exists) or ec2InstanceId == i-9"
    assert expr.matches(Facts({"flavor": "cpu"}))
    assert expr.matches(Facts({"gpu": "1"}, ec2_instance_id="i-9"))


def test_matches_is_a_full_regex_match() -> None:
    expr = parse("attribute:ecs.instance-type =~ t2.*")
    assert expr.matches(itype("t2.micro"))
    assert not expr.matches(itype("xt2.micro"))
    assert parse("attribute:t =~ (t2|t3)\\.(micro|small)").matches(Facts({"t": "t3.small"}))
    assert not parse("attribute:t =~ (t2|t3)\\.(micro|small)").matches(Facts({"t": "t3.large"}))
    assert parse("attribute:t !~ m5.*").matches(Facts({"t": "t3.large"}))


def test_missing_attribute_fails_negative_tests_but_not_their_negation() -> None:
    bare = Facts()
    for text in ("attribute:s != x", "attribute:s !in [x]", "attribute:s !~ x.*", "attribute:s == x"):
        assert not parse(text).matches(bare), text
        assert parse(f"not({text})").matches(bare), text


def test_numeric_attribute_ordering() -> None:
    assert parse("attribute:cores > 8").matches(Facts({"cores": "16"}))
    assert not parse("attribute:cores > 8").matches(Facts({"cores": "4"}))
    assert parse("attribute:color < green").matches(Facts({"color": "blue"}))


def test_agent_connected() -> None:
    assert parse("agentConnected == false").matches(Facts(agent_connected=False))
    assert not parse("agentConnected == TRUE").matches(Facts(agent_connected=False))


def test_task_group_operators_are_existential() -> None:
    facts = Facts(task_groups={"service:web", "family:batch"})
    assert parse("task:group in [service:web, service:api]").matches(facts)
    assert parse("task:group =~ service:.*").matches(facts)
    assert parse("task:group != service:web").matches(facts)  # the batch task differs
    assert not parse("task:group != service:web").matches(Facts(task_groups={"service:web"}))


def test_to_text_and_repr() -> None:
    expr = parse("  ec2InstanceId   in   ['i-1','i 2']  ")
    assert expr.to_text() == "ec2InstanceId in [i-1, 'i 2']"
    assert repr(expr) == "<Compare \"ec2InstanceId in [i-1, 'i 2']\">"
    assert str(parse("not (attribute:a or attribute:b)")) == "not(attribute:a exists or attribute:b exists)"


def test_dynamic_subjects_are_flagged() -> None:
    assert parse("runningTasksCount < 3").is_dynamic
    assert parse("attribute:a and not(task:group == db)").is_dynamic
    assert not parse("attribute:a == 1 or ec2InstanceId == i-1").is_dynamic


# -- errors: where, and what was expected ----------------------------------------------------

@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("", 1, "expected an expression"),
        ("   ", 4, "expected an expression"),
        ("foo == bar", 1, "unknown subject 'foo'"),
        ("agentconnected == true", 1, "did you mean 'agentConnected'"),
        ("attribute:ecs.instance-type = t2.small", 29, "expected an operator"),
        ("attribute:x ==", 15, "expected a value after '=='"),
        ("attribute:x == a)", 17, "without a matching '('"),
        ("(attribute:x == a", 18, "expected ')'"),
        ("attribute:a == 1 attribute:b == 2", 18, "expected 'and', 'or'"),
        ("runningTasksCount > many", 21, "whole number"),
        ("ec2InstanceId > i-1", 15, "can't be used with ec2InstanceId"),
        ("agentVersion =~ 1.*", 14, "can't be used with agentVersion"),
        ("attribute:x in a", 16, "needs a list"),
        ("attribute:x in [a, b", 21, "expected ',' or ']'"),
        ("attribute:x in [a, ]", 20, "expected a value in the list"),
        ("attribute:x == 'abc", 16, "never closed"),
        ("attribute:x =~ a(b", 16, "not a valid regular expression"),
        ("registeredAt < 2018-13-45", 16, "registeredAt is compared with a date"),
        ("agentVersion < latest", 16, "version such as 1.14.5"),
        ("agentConnected == maybe", 19, "true or false"),
        ("not", 4, "expected a subject"),
        ("attribute:x == 1 and", 21, "expected a subject"),
        ("attribute: == 1", 11, "attribute name"),
        ("attr:stack == prod", 1, "attribute:NAME"),
    ],
)
def test_syntax_error_columns(text: str, column: int, words: str) -> None:
    with pytest.raises(CQLSyntaxError) as info:
        parse(text)
    assert info.value.column == column, str(info.value)
    assert words in info.value.message
    assert str(info.value).endswith(f"(column {column})")
    assert info.value.caret().splitlines()[-1] == " " * (column - 1) + "^"


def test_expression_length_limit() -> None:
    longest = "attribute:a == " + "x" * (MAX_EXPRESSION_LENGTH - 15)
    assert len(longest) == MAX_EXPRESSION_LENGTH
    parse(longest)
    with pytest.raises(CQLSyntaxError, match="at most 2000") as info:
        parse(longest + "x")
    assert info.value.column == MAX_EXPRESSION_LENGTH + 1


def test_deep_nesting_is_a_syntax_error_not_a_crash() -> None:
    with pytest.raises(CQLSyntaxError, match="nested"):
        parse("(" * 500 + "attribute:a" + ")" * 500)
    with pytest.raises(CQLSyntaxError, match="nested"):
        parse("!" * 499 + "attribute:a")


# -- properties ------------------------------------------------------------------------------

TOKENS = ["attribute:a", "attribute:ecs.instance-type", "task:group", "runningTasksCount", "agentVersion",
          "registeredAt", "ec2InstanceId", "agentConnected", "==", "!=", ">", "<=", "=~", "!~", "in", "!in",
          "exists", "!exists", "not_in", "and", "or", "not", "&&", "||", "!", "(", ")", "[", "]", ",", "'",
          '"', "t2.*", "1", "1.2.3", "2018-01-01", "x", "*", "(a|b)", "[0-9]"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=60), st.lists(st.sampled_from(TOKENS), max_size=12).map(" ".join),
                 st.lists(st.sampled_from(TOKENS), max_size=12).map("".join)))
def test_parser_raises_only_cql_syntax_error(text: str) -> None:
    try:
        expr = parse(text)
    except CQLSyntaxError as exc:
        assert 1 <= exc.column <= len(text) + 1
        return
    assert parse(expr.to_text()).to_text() == expr.to_text()


_names = st.sampled_from(["stack", "color", "cores"])
_values = st.sampled_from(["prod", "dev", "blue", "4", "16", "x y"])
_groups = st.sampled_from(["service:web", "db", "family:batch"])
_leaf = st.one_of(
    st.builds(lambda n, o, v: f"attribute:{n} {o} '{v}'", _names, st.sampled_from(["==", "!=", "=~", "!~", ">", "<="]), _values),
    st.builds(lambda n, o: f"attribute:{n} {o}", _names, st.sampled_from(["exists", "!exists", ""])),
    st.builds(lambda n, o, vs: f"attribute:{n} {o} [{', '.join(repr(v) for v in vs)}]", _names,
              st.sampled_from(["in", "!in"]), st.lists(_values, min_size=1, max_size=3)),
    st.builds(lambda o, k: f"runningTasksCount {o} {k}", st.sampled_from(["==", ">", "<", ">=", "!="]), st.integers(0, 3)),
    st.builds(lambda o, g: f"task:group {o} {g}", st.sampled_from(["==", "!="]), _groups),
)
_expressions = st.recursive(
    _leaf,
    lambda inner: st.one_of(
        st.builds(lambda a, b: f"{a} and {b}", inner, inner),
        st.builds(lambda a, b: f"{a} || {b}", inner, inner),
        st.builds(lambda a: f"not({a})", inner),
        st.builds(lambda a: f"({a})", inner),
    ),
    max_leaves=6,
)
_facts = st.builds(
    lambda attrs, groups: Facts(dict(attrs), running_tasks_count=len(groups), task_groups=set(groups)),
    st.lists(st.tuples(_names, _values), max_size=3),
    st.lists(_groups, max_size=3),
)


@settings(max_examples=150, deadline=None)
@given(_expressions, st.lists(_facts, min_size=1, max_size=6))
def test_an_expression_and_its_negation_partition_the_instances(text: str, fleet: list[Facts]) -> None:
    expr, negated = parse(text), parse(f"not({text})")
    chosen = {id(f) for f in evaluate(expr, fleet)}
    rest = {id(f) for f in evaluate(negated, fleet)}
    assert chosen.isdisjoint(rest)
    assert chosen | rest == {id(f) for f in fleet}


@settings(max_examples=150, deadline=None)
@given(_expressions, st.lists(_facts, min_size=1, max_size=6))
def test_to_text_round_trips_with_the_same_meaning(text: str, fleet: list[Facts]) -> None:
    expr = parse(text)
    again = parse(expr.to_text())
    assert again.to_text() == expr.to_text()
    assert [again.matches(f) for f in fleet] == [expr.matches(f) for f in fleet]
