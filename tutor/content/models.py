"""The lesson-pack model: immutable pydantic v2 models, strict, unknown keys rejected.

Every file kind of a pack (manifest, lesson, question file, lab file) has a root model here;
the JSON Schema for editors is generated from these models, so they are the single source of
truth for the format (documented in docs/authoring.md).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,79}$"
Id = Annotated[str, Field(pattern=ID_PATTERN, description="Stable id: lower case, digits, . _ -")]
HttpsUrl = Annotated[str, Field(pattern=r"^https://[^\s]+$", description="An https:// URL")]
Markdown = Annotated[str, Field(description="Markdown text")]


class Model(BaseModel):
    """Base for every pack model: frozen, strict types, unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --------------------------------------------------------------------------- manifest


class Topic(Model):
    """An exam topic; `weight` is its share of a sampled exam."""

    id: Id
    title: str
    weight: float = Field(default=1.0, ge=0)


class ExamSettings(Model):
    """Defaults for the timed exam simulator."""

    questions: int = Field(default=65, ge=1, le=500)
    minutes: int = Field(default=130, ge=1, le=600)
    pass_mark: int = Field(default=720, ge=100, le=1000, description="Scaled score 100..1000")


class Manifest(Model):
    """`pack.yaml`: who made the pack and what it contains."""

    id: Id
    title: str
    version: str = Field(pattern=r"^\d+(\.\d+){0,2}([.-][0-9A-Za-z.]+)?$")
    language: str = Field(default="en", pattern=r"^[a-z]{2}(-[A-Z]{2})?$")
    description: str = ""
    authors: tuple[str, ...] = ()
    min_app_version: str = Field(default="0.1.0", pattern=r"^\d+(\.\d+){0,2}$")
    topics: tuple[Topic, ...] = ()
    exam: ExamSettings = ExamSettings()
    exam_domains: tuple[str, ...] = Field(
        default=(), description="Exam codes the pack prepares for, e.g. DVA-C02"
    )

    @model_validator(mode="after")
    def _unique_topics(self) -> Manifest:
        seen: set[str] = set()
        for topic in self.topics:
            if topic.id in seen:
                raise ValueError(f"topic id '{topic.id}' is listed twice")
            seen.add(topic.id)
        return self


# --------------------------------------------------------------------------- expectations


class Expectation(Model):
    """A JMESPath path plus one test on the value it selects.

    Used by snippet questions (on the learner's JSON/YAML) and by lab checks (on the response of
    a read-only AWS call). Exactly one test key besides `path` and `message`.
    """

    path: str = Field(description="JMESPath expression evaluated against the document")
    equals: Any = None
    in_: tuple[Any, ...] | None = Field(default=None, alias="in")
    contains: Any = None
    exists: bool | None = None
    absent: bool | None = None
    matches: str | None = Field(default=None, description="Python regular expression (search)")
    length: int | None = Field(default=None, ge=0)
    gte: float | None = None
    lte: float | None = None
    message: str | None = Field(default=None, description="What the learner reads on failure")

    @model_validator(mode="before")
    @classmethod
    def _one_test(cls, data: Any) -> Any:
        if isinstance(data, dict):
            tests = [k for k in data if k in EXPECTATION_TESTS]
            if not tests:
                raise ValueError(
                    "an expectation needs one test: " + ", ".join(EXPECTATION_TESTS)
                )
            bounds = {"gte", "lte"}
            if len(tests) > 1 and not set(tests) <= bounds:
                raise ValueError(
                    f"an expectation has one test, this one has {len(tests)}: {', '.join(tests)}"
                    " (write one expectation per test)"
                )
        return data

    @field_validator("path")
    @classmethod
    def _valid_path(cls, value: str) -> str:
        import jmespath
        from jmespath.exceptions import JMESPathError

        try:
            jmespath.compile(value)
        except JMESPathError as exc:
            raise ValueError(f"invalid JMESPath expression {value!r}: {exc}") from None
        return value

    @field_validator("matches")
    @classmethod
    def _valid_regex(cls, value: str | None) -> str | None:
        if value is not None:
            import re

            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {value!r}: {exc}") from None
        return value

    @property
    def tests(self) -> tuple[str, ...]:
        """The tests this expectation applies (one, or gte+lte), `equals: null` included."""
        given = self.model_fields_set
        return tuple(n for n in EXPECTATION_TESTS if ("in_" if n == "in" else n) in given)


EXPECTATION_TESTS = ("equals", "in", "contains", "exists", "absent", "matches", "length", "gte", "lte")


# --------------------------------------------------------------------------- questions


class Choice(Model):
    """One option of a single/multiple question; `feedback` says why it is right or wrong."""

    id: str = Field(pattern=r"^[a-z0-9_-]{1,20}$")
    text: Markdown
    correct: bool = False
    feedback: str | None = Field(default=None, description="Why this choice is right or wrong")
    misconception: str | None = Field(default=None, description="The misconception it tests")


class WhenRule(Model):
    """A condition on the learner's raw answer text for targeted command feedback."""

    contains: str | None = None
    regex: str | None = None
    missing: str | None = Field(default=None, description="Fires when this text is absent")

    @model_validator(mode="after")
    def _one(self) -> WhenRule:
        given = [n for n in ("contains", "regex", "missing") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError("`when` takes exactly one of: contains, regex, missing")
        if self.regex is not None:
            import re

            try:
                re.compile(self.regex)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {self.regex!r}: {exc}") from None
        return self


class FeedbackRule(Model):
    """`when` the answer matches, `say` this line."""

    when: WhenRule
    say: str


Difficulty = Literal["easy", "medium", "hard"]


class QuestionBase(Model):
    """Fields every question has."""

    id: Id
    topic: Id
    stem: Markdown
    explanation: Markdown
    source: HttpsUrl
    difficulty: Difficulty = "medium"
    tags: tuple[str, ...] = ()
    hints: tuple[str, ...] = Field(default=(), description="A ladder: vague first, specific last")
    objectives: tuple[str, ...] = Field(default=(), description="Learning-objective ids")
    sources: tuple[HttpsUrl, ...] = Field(default=(), description="Further references")


class SingleQuestion(QuestionBase):
    type: Literal["single"]
    choices: tuple[Choice, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_correct(self) -> SingleQuestion:
        _unique_choice_ids(self.choices)
        n = sum(c.correct for c in self.choices)
        if n != 1:
            raise ValueError(f"a single-answer question needs exactly one correct choice, not {n}")
        return self


class MultipleQuestion(QuestionBase):
    type: Literal["multiple"]
    choices: tuple[Choice, ...] = Field(min_length=3)
    choose: int = Field(ge=2, description="How many choices the learner must pick")
    partial_credit: bool = False

    @model_validator(mode="after")
    def _choose_matches(self) -> MultipleQuestion:
        _unique_choice_ids(self.choices)
        n = sum(c.correct for c in self.choices)
        if n != self.choose:
            raise ValueError(f"`choose: {self.choose}` but {n} choices are marked correct")
        if self.choose >= len(self.choices):
            raise ValueError("`choose` must be smaller than the number of choices")
        return self


class TrueFalseQuestion(QuestionBase):
    type: Literal["true_false"]
    answer: bool
    feedback_true: str | None = Field(default=None, description="Said when the learner picks true")
    feedback_false: str | None = Field(default=None, description="Said when they pick false")


class OrderItem(Model):
    id: str = Field(pattern=r"^[a-z0-9_-]{1,30}$")
    text: Markdown


class OrderingQuestion(QuestionBase):
    type: Literal["ordering"]
    items: tuple[OrderItem, ...] = Field(min_length=2, description="In the correct order")
    partial_credit: Literal["none", "run", "pairs"] = "pairs"

    @model_validator(mode="after")
    def _unique(self) -> OrderingQuestion:
        ids = [i.id for i in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError("item ids must be unique")
        return self


class ShortTextQuestion(QuestionBase):
    type: Literal["short_text"]
    answers: tuple[str, ...] = Field(min_length=1, description="Accepted alternatives")
    case_sensitive: bool = False
    collapse_whitespace: bool = True
    regex: str | None = Field(default=None, description="Also accept a full match of this regex")

    @field_validator("regex")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            import re

            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {value!r}: {exc}") from None
        return value


class NumericQuestion(QuestionBase):
    type: Literal["numeric"]
    answer: float | None = None
    tolerance: float = Field(default=0.0, ge=0)
    range: tuple[float, float] | None = None
    unit: str | None = None


    @model_validator(mode="after")
    def _answer_or_range(self) -> NumericQuestion:
        if (self.answer is None) == (self.range is None):
            raise ValueError("give either `answer` (with optional `tolerance`) or `range`")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError("`range` must be [low, high]")
        return self


class CommandQuestion(QuestionBase):
    type: Literal["command"]
    answer: str = Field(description="The expected shell line or pipeline")
    alternatives: tuple[str, ...] = Field(default=(), description="Other fully correct lines")
    placeholders: dict[str, str] = Field(
        default_factory=dict,
        description="<name> placeholders in the answer: a regex for accepted values",
    )
    feedback: tuple[FeedbackRule, ...] = ()
    partial_credit: bool = False
    cli_version: Literal["v1", "v2"] = Field(default="v2", description="Which AWS CLI is asked")


class SnippetQuestion(QuestionBase):
    type: Literal["snippet"]
    format: Literal["json", "yaml"] = "json"
    starter: str = Field(default="", description="Text the editor opens with")
    answer: str = Field(description="A model answer; must meet every expectation")
    expect: tuple[Expectation, ...] = Field(min_length=1)


class PlacementInstance(Model):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,40}$")
    type: str = Field(description="EC2 instance type, e.g. t3.large")
    az: str
    attributes: dict[str, str] = Field(default_factory=dict)
    cpu_used: int = Field(default=0, ge=0)
    memory_used: int = Field(default=0, ge=0)
    ports_used: tuple[int, ...] = ()
    groups: tuple[str, ...] = Field(default=(), description="task:group of its running tasks")


class PlacementTask(Model):
    cpu: int = Field(default=256, ge=0)
    memory: int = Field(default=512, ge=1)
    host_ports: tuple[int, ...] = Field(default=(), description="Static host ports (0 = dynamic)")
    group: str | None = None
    network_mode: Literal["bridge", "host", "awsvpc"] = "bridge"


class PlacementScenario(Model):
    instances: tuple[PlacementInstance, ...] = Field(min_length=1)
    task: PlacementTask = PlacementTask()
    strategy: tuple[dict[str, str], ...] = ()
    constraints: tuple[dict[str, str], ...] = ()
    seed: int = 0



class PlacementQuestion(QuestionBase):
    type: Literal["placement"]
    scenario: PlacementScenario
    answer: str | None = Field(
        default=None,
        description="Instance id the task lands on, or 'none'; checked against the ECS engine",
    )


class LabQuestion(QuestionBase):
    type: Literal["lab"]
    lab: Id = Field(description="Id of the lab whose checks grade this question")


Question = Annotated[
    SingleQuestion
    | MultipleQuestion
    | TrueFalseQuestion
    | OrderingQuestion
    | ShortTextQuestion
    | NumericQuestion
    | CommandQuestion
    | SnippetQuestion
    | PlacementQuestion
    | LabQuestion,
    Field(discriminator="type"),
]

QUESTION_TYPES = (
    "single",
    "multiple",
    "true_false",
    "ordering",
    "short_text",
    "numeric",
    "command",
    "snippet",
    "placement",
    "lab",
)


def _unique_choice_ids(choices: tuple[Choice, ...]) -> None:
    ids = [c.id for c in choices]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"choice ids must be unique: {', '.join(dupes)}")


# --------------------------------------------------------------------------- labs


class AwsCall(Model):
    """One boto3 call: `service` client name, `operation` in snake_case or PascalCase."""

    service: str = Field(pattern=r"^[a-z0-9-]+$")
    operation: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    params: dict[str, Any] = Field(default_factory=dict)
    save_as: str | None = Field(
        default=None, description="Name to store the response under for ${name.path} references"
    )



class Check(Model):
    """A read-only call plus expectations on its response."""

    id: Id
    description: str
    service: str = Field(pattern=r"^[a-z0-9-]+$")
    operation: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    params: dict[str, Any] = Field(default_factory=dict)
    expect: tuple[Expectation, ...] = Field(min_length=1)
    hint: str | None = None



class LabStep(Model):
    id: Id
    goal: Markdown
    hints: tuple[str, ...] = ()
    checks: tuple[Check, ...] = Field(min_length=1)


class Solution(Model):
    """Shown only after the checks pass or the learner gives up."""

    python: str | None = None
    console: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _something(self) -> Solution:
        if not self.python and not self.console:
            raise ValueError("a solution needs `python`, `console`, or both")
        return self


class Lab(Model):
    id: Id
    title: str
    topic: Id
    summary: Markdown
    source: HttpsUrl
    difficulty: Difficulty = "medium"
    setup: tuple[AwsCall, ...] = ()
    steps: tuple[LabStep, ...] = Field(min_length=1)
    solution: Solution
    region: str = "us-east-1"


# --------------------------------------------------------------------------- lessons


class Lesson(Model):
    """A lesson: short Markdown pages plus links to what practises it."""

    id: Id
    title: str
    topic: Id
    order: int = 0
    summary: str = ""
    exam_domains: tuple[str, ...] = ()
    objectives: tuple[str, ...] = Field(default=(), description="What the learner will be able to do")
    pages: tuple[Markdown, ...] = Field(min_length=1)
    references: tuple[HttpsUrl, ...] = ()
    questions: tuple[Id, ...] = ()
    labs: tuple[Id, ...] = ()


class LessonFrontMatter(Model):
    """The YAML front matter of a lesson `.md` file (pages come from the body)."""

    id: Id
    title: str
    topic: Id
    order: int = 0
    summary: str = ""
    exam_domains: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    references: tuple[HttpsUrl, ...] = ()
    questions: tuple[Id, ...] = ()
    labs: tuple[Id, ...] = ()


# --------------------------------------------------------------------------- files


class QuestionFile(Model):
    """A `quizzes/*.yaml` file: questions and/or labs."""

    questions: tuple[Question, ...] = ()
    labs: tuple[Lab, ...] = ()


class LessonFile(Model):
    """A `lessons/*.yaml` file of inline lessons."""

    lessons: tuple[Lesson, ...] = Field(min_length=1)
