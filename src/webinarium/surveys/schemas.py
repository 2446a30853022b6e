"""The survey's inputs and what the native API and the room page read."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    model_validator,
)

NonBlank = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]

SurveyKind = Literal["text", "single", "rating"]
RATINGS = range(1, 6)
TEXT_MAX = 2000


class QuestionInput(BaseModel):
    """``text``: a free answer; ``single``: one of ``choices`` (2 to 20);
    ``rating``: 1 to 5."""

    model_config = ConfigDict(extra="forbid")

    text: NonBlank = Field(max_length=500)
    kind: SurveyKind = "text"
    choices: list[NonBlank] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _choices_fit_kind(self) -> Self:
        if self.kind == "single":
            if len(self.choices) < 2:
                raise ValueError("a single choice question needs at least two choices")
            if len(set(self.choices)) != len(self.choices):
                raise ValueError("a question's choices differ from each other")
            if any(len(choice) > 200 for choice in self.choices):
                raise ValueError("a choice is at most 200 characters")
        elif self.choices:
            raise ValueError(f"a {self.kind} question has no choices")
        return self


class SurveyInput(BaseModel):
    """Every question of the survey, in order: they replace the ones before."""

    model_config = ConfigDict(extra="forbid")

    questions: list[QuestionInput] = Field(max_length=50)


class QuestionRead(BaseModel):
    id: str
    position: int
    text: str
    kind: SurveyKind
    choices: list[str]


class SurveyRead(BaseModel):
    conference_id: str
    questions: list[QuestionRead]


class AnswerInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question_id: str = Field(max_length=40)
    # The text, the choice as written, or the rating (1-5).
    value: StrictStr | StrictInt = Field(union_mode="left_to_right")


class AnswersInput(BaseModel):
    """A person's answers: at least one; questions left out are not answered."""

    model_config = ConfigDict(extra="ignore")

    answers: list[AnswerInput] = Field(min_length=1, max_length=50)


class AnswerRead(BaseModel):
    question_id: str
    person_id: str
    name: str
    email: str
    value: str
    answered_at: str


class AnswersRead(BaseModel):
    conference_id: str
    answers: list[AnswerRead]
