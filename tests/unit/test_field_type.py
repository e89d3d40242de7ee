"""One walker over the models' annotations serves the format page, `new`'s skeletons,
the Markdown texts to check and the model behind an error's place."""

from __future__ import annotations

from generator.format.models import (
    Activity,
    Course,
    Edition,
    Lesson,
    LocalContact,
    Question,
    WeekPlanner,
    field_type,
    nested_model,
)


def _of(model: type, name: str):  # type: ignore[no-untyped-def]
    info = model.model_fields[name]
    return field_type(info.annotation, info.metadata)


def test_markdown_text_and_optional_markdown() -> None:
    assert _of(Activity, "instructions").kind == "markdown"
    note = _of(LocalContact, "note")
    assert note.kind == "union" and [m.kind for m in note.members] == ["markdown"]


def test_lists_unions_and_mappings_lead_to_their_model() -> None:
    quiz = _of(Lesson, "quiz")
    assert quiz.kind == "list" and quiz.item is not None and quiz.item.model is Question
    assert nested_model(Course.model_fields["week_planner"].annotation) is WeekPlanner
    assert nested_model(Edition.model_fields["contacts"].annotation) is LocalContact
    assert _of(Edition, "contacts").kind == "mapping"


def test_plain_values_keep_their_type() -> None:
    minutes = _of(Activity, "duration_minutes")
    assert minutes.kind == "value" and minutes.base is int
