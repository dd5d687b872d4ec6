"""Stories as data: validation, coverage of competencies and bank questions, the Markdown forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from mockprep.bank.schema import Question
from mockprep.errors import InputError
from mockprep.star.coverage import coverage_map, stories_for_question
from mockprep.star.document import bank_markdown, parse_story_document, story_document
from mockprep.star.story import StoryDraft, draft_from


@dataclass(frozen=True)
class Saved:
    id: int
    draft: StoryDraft


def test_draft_normalises_lists_and_reports_every_bad_field() -> None:
    draft = draft_from(
        {
            "title": "  Two   spaces ",
            "action": "I did it.",
            "competencies": ["Conflict, ownership", "conflict"],
            "questions": "core/behavioural-failure",
        }
    )
    assert draft.title == "Two spaces"
    assert draft.competencies == ["conflict", "ownership"]
    assert draft.questions == ["behavioural-failure"]
    with pytest.raises(InputError) as err:
        draft_from({"title": "", "questions": ["Not An Id!"], "action": "x" * 10_001})
    message = str(err.value)
    assert "title" in message and "questions" in message and "action" in message
    assert "nothing was saved" in message
    with pytest.raises(InputError, match="no text"):
        draft_from({"title": "Empty"})


def test_one_story_serves_several_questions(behavioural: list[Question]) -> None:
    conflict = [q for q in behavioural if q.competency == "conflict"]
    assert len(conflict) >= 2
    failure = next(q for q in behavioural if q.id == "behavioural-failure")
    stories = [
        Saved(
            1,
            StoryDraft(
                title="Design fight", action="I ran a user test.", competencies=["conflict"]
            ),
        ),
        Saved(2, StoryDraft(title="Bad launch", action="I rolled back.", questions=[failure.id])),
    ]
    cmap = coverage_map(stories, behavioural)
    covered = {q.question_id: [m.story_id for m in q.stories] for q in cmap.questions}
    for q in conflict:
        assert covered[q.id] == [1]
    assert covered[failure.id] == [2]
    assert "conflict" not in cmap.uncovered_competencies
    assert "ethics" in cmap.uncovered_competencies
    assert len(cmap.uncovered_questions) == len(behavioural) - len(conflict) - 1
    [match] = stories_for_question(failure, stories)
    assert match.reason == "linked"


def test_document_round_trips_and_rejects_stray_text() -> None:
    draft = StoryDraft(
        title="Eval set",
        situation="Two teams argued.",
        task="I owned the choice.",
        action="I built a labelled set.\n\nThen I compared three models.",
        result="Recall rose from 61 to 78 percent.",
        competencies=["technical judgement"],
        tags=["search"],
        questions=["behavioural-technical-decision-uncertainty"],
    )
    assert parse_story_document(story_document(draft)) == draft
    template = story_document(None)
    with pytest.raises(InputError, match="no title"):
        parse_story_document(template)
    with pytest.raises(InputError, match="line 2"):
        parse_story_document("# Title\nstray words\n## Action\nI did.")


def test_bank_markdown_has_every_story_its_checks_and_the_coverage(
    behavioural: list[Question],
) -> None:
    stories = [
        Saved(1, StoryDraft(title="Design fight", action="We argued.", competencies=["conflict"]))
    ]
    text = bank_markdown(stories, coverage_map(stories, behavioural), now=datetime.now(UTC))
    assert text.startswith("# My STAR stories")
    assert "## Design fight" in text and "**Action.** We argued." in text
    assert "- [ ] There is no situation." in text
    assert "| conflict | Design fight |" in text
    assert "| ethics | **none yet** |" in text
