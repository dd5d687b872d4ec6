"""The grader end to end: golden scores, evidence, determinism, serialisation, feedback."""

from __future__ import annotations

import pytest

from mockprep.bank.schema import Question
from mockprep.grading import PASS_BAND, Band, Grade, Grader, passes, question_from_references
from mockprep.grading.models import band_for

GOLDEN = {
    ("agent-architecture-complex-workflow", "strong"): 8.0,
    ("agent-architecture-complex-workflow", "partial"): 5.1,
    ("agent-architecture-complex-workflow", "weak"): 0.7,
    ("agentic-systems-safety", "strong"): 8.5,
    ("agentic-systems-safety", "partial"): 5.6,
    ("agentic-systems-safety", "wrong"): 0.7,
    ("agents-evaluating-agents", "strong"): 7.2,
    ("agents-evaluating-agents", "weak"): 0.7,
}


def _q(bank: list[Question], qid: str) -> Question:
    found = next((q for q in bank if q.id == qid), None)
    if found is None:
        pytest.skip(f"bundled question {qid} is not in the bank")
    return found


@pytest.mark.parametrize(("qid", "level"), sorted(GOLDEN))
def test_golden_scores_on_bundled_samples(
    grader: Grader, bank: list[Question], qid: str, level: str
) -> None:
    q = _q(bank, qid)
    sample = next(s for s in q.samples if s.level == level)
    assert grader.grade(q, sample.answer).score == GOLDEN[(qid, level)]


def test_samples_rank_in_their_intended_order(grader: Grader, bank: list[Question]) -> None:
    q = _q(bank, "agentic-systems-safety")
    scores = {s.level.value: grader.grade(q, s.answer).score for s in q.samples}
    assert scores["strong"] > scores["partial"] > scores["weak"]


def test_model_answer_is_strong_with_every_point_covered(
    grader: Grader, bank: list[Question]
) -> None:
    q = _q(bank, "agents-evaluating-agents")
    grade = grader.grade(q, q.model_answer)
    assert grade.score >= 9.0 and grade.band is Band.STRONG
    assert all(kp.covered for kp in grade.key_points) and grade.missing == []


def test_evidence_offsets_slice_the_answer(grader: Grader, bank: list[Question]) -> None:
    for q in bank[:10]:
        for sample in q.samples:
            grade = grader.grade(q, sample.answer)
            for kp in grade.key_points:
                for ev in kp.evidence:
                    assert sample.answer[ev.start : ev.end] == ev.text


def test_grading_is_deterministic_and_batch_matches_single(
    grader: Grader, bank: list[Question]
) -> None:
    items = [(q, s.answer) for q in bank[:4] for s in q.samples]
    batch = grader.grade_many(items)
    single = [grader.grade(q, a) for q, a in items]
    assert batch == single == grader.grade_many(items)


def test_grade_json_round_trip(grader: Grader, bank: list[Question]) -> None:
    q = bank[0]
    grade = grader.grade(q, q.samples[0].answer, show_model_answer=True)
    again = Grade.model_validate_json(grade.model_dump_json())
    assert again == grade
    assert grade.model_answer == q.model_answer
    assert grade.rubric_hash == q.rubric_hash() and grade.grader.version


def test_feedback_quotes_the_candidate_and_follows_up_on_the_biggest_gap(
    grader: Grader, bank: list[Question]
) -> None:
    q = next(q for q in bank if q.follow_ups and any(s.level == "partial" for s in q.samples))
    sample = next(s for s in q.samples if s.level == "partial")
    grade = grader.grade(q, sample.answer)
    assert "Tip:" in grade.feedback
    covered = [kp for kp in grade.key_points if kp.covered and kp.evidence]
    if covered:
        assert 'Good: "' in grade.feedback
    if grade.missing:
        gap = grade.missing[0]
        probing = [f.question for f in q.follow_ups if f.probes == gap.id]
        if probing:
            assert grade.follow_up == probing[0]
        statement = next(kp.statement for kp in q.key_points if kp.id == gap.id)
        assert statement not in gap.hint


def test_imported_question_builds_follow_up_from_the_missing_point(grader: Grader) -> None:
    q = question_from_references(
        "x",
        "Why is a hash table lookup fast on average?",
        [
            "A hash function maps the key straight to a bucket, so lookup takes constant time on average."
        ],
    )
    grade = grader.grade(q, "Because computers are fast.")
    assert not grade.passed and grade.follow_up and grade.follow_up.endswith("?")
    assert "hash" in grade.follow_up or "lookup" in grade.follow_up  # names the area
    assert "bucket" not in grade.follow_up and "constant" not in grade.follow_up
    assert grade.model_answer is None


def test_missing_point_hint_names_its_area_without_the_content(
    grader: Grader, bank: list[Question]
) -> None:
    q = _q(bank, "agentic-systems-safety")
    sample = next(s for s in q.samples if s.level == "wrong")
    grade = grader.grade(q, sample.answer)
    assert grade.missing
    for gap in grade.missing:
        kp = next(k for k in q.key_points if k.id == gap.id)
        assert gap.label.lower() in gap.hint.lower()
        assert kp.statement not in gap.hint
        assert "one more aspect" not in gap.hint


def test_length_tip_is_a_rounded_range_around_the_model_answer(
    grader: Grader, bank: list[Question]
) -> None:
    q = _q(bank, "agentic-systems-safety")
    grade = grader.grade(q, "Add human approval before risky actions.")
    low, high = grade.signals.expected_words
    model = len(q.model_answer.split())
    assert low % 10 == 0 and high % 10 == 0
    assert abs(low - 0.6 * model) <= 6 and abs(high - 1.3 * model) <= 6
    assert grade.signals.length == "short" and f"aim for {low}-{high} words" in grade.feedback


def test_pass_mark_is_adequate() -> None:
    assert PASS_BAND is Band.ADEQUATE
    assert passes(Band.ADEQUATE) and passes(Band.STRONG)
    assert not passes(Band.WEAK) and not passes(Band.OFF_TARGET)
    assert (
        band_for(4.9) is Band.WEAK
        and band_for(5.0) is Band.ADEQUATE
        and band_for(7.5) is Band.STRONG
    )


def test_hints_name_a_missing_point_by_its_label_as_written(bank: list[Question]) -> None:
    """Labels are noun phrases, verb phrases or names ("Shumailov et al. evidence"): the hint
    quotes them as written instead of bending them into a sentence."""
    from mockprep.grading.feedback import hint_for

    for q in bank:
        for kp in q.key_points:
            hint = hint_for(kp, q)
            assert hint.startswith(f"Not yet covered: {kp.label.rstrip('.')}."), hint
            assert kp.statement not in hint
