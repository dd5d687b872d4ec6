"""Coverage of key points derived from reference answers (imported questions without a rubric).

Each question is imported from a real CSV file with two reference answers per question, through
``bank.importers.read_bank`` as ``mockprep bank import`` does, and graded with the real model.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import pytest

from mockprep.bank.importers import read_bank
from mockprep.bank.schema import Question
from mockprep.grading.grader import Grader
from mockprep.grading.keypoints import question_from_references
from mockprep.grading.models import Flag, Grade


@dataclass(frozen=True)
class Case:
    question: str
    references: tuple[str, str]
    paraphrase: str
    half: str
    """The first reference's opening sentence only: some of its points, not all."""
    keywords: str
    """The references' content words as a bare comma-separated list (as the gaming suite builds)."""


CASES = (
    Case(
        question="How does a hash table store and find values?",
        references=(
            "A hash table stores key-value pairs in an array of buckets. A hash function maps "
            "each key to the index of its bucket. Collisions are handled by chaining or by open "
            "addressing. Lookups take constant time on average but degrade to linear time when "
            "many keys collide.",
            "It keeps entries in buckets chosen by hashing the key, resolves collisions with "
            "linked lists or probing, and gives O(1) average lookup, O(n) in the worst case.",
        ),
        paraphrase="A hash table keeps its key-value pairs in an array of buckets. Each key is "
        "mapped to the index of a bucket by a hash function. When keys collide, the table "
        "resolves it by chaining entries or by open addressing. Finding a key takes constant "
        "time on average, but it becomes linear when a lot of keys collide.",
        half="A hash table stores key-value pairs in an array of buckets.",
        keywords="hash table, key-value pairs, array, buckets, hash function, index, collisions, "
        "chaining, open addressing, constant time, linear",
    ),
    Case(
        question="Why do language models use a temperature setting when sampling?",
        references=(
            "Temperature divides the logits before the softmax. A low temperature sharpens the "
            "distribution so the model picks likely tokens and repeats itself more. A high "
            "temperature flattens the distribution, giving more diverse but less reliable text.",
            "The logits are scaled by one over the temperature; values below one make output "
            "more deterministic, values above one make it more random and creative.",
        ),
        paraphrase="The temperature divides the logits before the softmax is applied. With a "
        "low temperature the distribution gets sharper, so the model chooses likely tokens and "
        "repeats itself more often. With a high temperature the distribution is flattened, and "
        "the text becomes more diverse but less reliable.",
        half="Temperature divides the logits before the softmax.",
        keywords="temperature, logits, softmax, low, sharpens, distribution, likely tokens, high, "
        "flattens, diverse, reliable",
    ),
    Case(
        question="What is the difference between a stack and a queue?",
        references=(
            "A stack is last in, first out: the most recently pushed item is popped first. A "
            "queue is first in, first out: items leave in the order they were added. Stacks "
            "suit undo histories and recursion, while queues suit scheduling and buffering.",
            "Stacks remove the newest element first (LIFO); queues remove the oldest (FIFO). "
            "Use a stack for backtracking, a queue for breadth-first search or task queues.",
        ),
        paraphrase="A stack works last in, first out, so the item pushed most recently is the "
        "first one popped. A queue works first in, first out, so items leave in the same order "
        "they were added. Stacks fit undo histories and recursion; queues fit scheduling and "
        "buffering.",
        half="A stack is last in, first out: the most recently pushed item is popped first.",
        keywords="stack, LIFO, pushed, popped, queue, FIFO, order added, undo, recursion, "
        "scheduling, buffering",
    ),
)

OFF_TOPIC = (
    "The French Revolution began in 1789 and reshaped European politics. It ended the absolute "
    "monarchy, abolished feudal privileges and spread ideas of citizenship and liberty across "
    "the continent, inspiring later movements for national independence."
)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> list[Question]:
    """The cases as an imported bank: one CSV row per reference answer, as users write them."""
    path = tmp_path_factory.mktemp("bank") / "my-questions.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["question", "reference_answer"])
        for case in CASES:
            for reference in case.references:
                writer.writerow([case.question, reference])
    questions = read_bank(path).questions
    assert len(questions) == len(CASES)
    return questions


def _covered_share(grade: Grade) -> float:
    return sum(r.covered for r in grade.key_points) / len(grade.key_points)


def _assert_evidence_inside(grade: Grade, answer: str) -> None:
    for result in grade.key_points:
        if result.covered:
            assert result.evidence, f"{result.id} is covered without evidence"
        for evidence in result.evidence:
            assert 0 <= evidence.start < evidence.end <= len(answer)
            assert answer[evidence.start : evidence.end] == evidence.text


def test_import_derives_several_points_from_the_references(imported: list[Question]) -> None:
    for question in imported:
        assert len(question.key_points) >= 2
        assert all(kp.derived for kp in question.key_points)
        assert len(question.answers) == 2


@pytest.mark.parametrize("which", range(len(CASES)))
def test_reference_and_close_paraphrase_cover_derived_points(
    grader: Grader, imported: list[Question], which: int
) -> None:
    question, case = imported[which], CASES[which]
    for answer in (case.references[0], case.paraphrase):
        grade = grader.grade(question, answer)
        assert _covered_share(grade) >= 0.8, [(r.id, r.strength) for r in grade.key_points]
        assert grade.passed
        _assert_evidence_inside(grade, answer)
    restated = grader.grade(question, case.references[0])
    assert min(r.strength for r in restated.key_points) >= 0.8
    assert not restated.missing


@pytest.mark.parametrize("which", range(len(CASES)))
def test_half_answer_covers_some_points_but_not_all(
    grader: Grader, imported: list[Question], which: int
) -> None:
    question, case = imported[which], CASES[which]
    grade = grader.grade(question, case.half)
    share = _covered_share(grade)
    assert 0 < share < 1, [(r.id, r.strength) for r in grade.key_points]
    _assert_evidence_inside(grade, case.half)
    assert {m.id for m in grade.missing} == {r.id for r in grade.key_points if not r.covered}
    full = grader.grade(question, case.references[0])
    assert sum(r.strength for r in grade.key_points) < sum(r.strength for r in full.key_points)


@pytest.mark.parametrize("which", range(len(CASES)))
def test_off_topic_and_keyword_list_cover_no_point_and_fail(
    grader: Grader, imported: list[Question], which: int
) -> None:
    question, case = imported[which], CASES[which]
    off = grader.grade(question, OFF_TOPIC)
    assert _covered_share(off) == 0
    assert not off.passed
    listed = grader.grade(question, case.keywords)
    assert Flag.KEYWORD_LIST in listed.flags
    assert _covered_share(listed) == 0
    assert not listed.passed


def test_same_path_as_question_from_references(grader: Grader, imported: list[Question]) -> None:
    """The evaluation path (``question_from_references``) derives the same points and coverage."""
    case = CASES[0]
    direct = question_from_references("hash-tables", case.question, case.references)
    assert [kp.statement for kp in direct.key_points] == [
        kp.statement for kp in imported[0].key_points
    ]
    a = grader.grade(direct, case.paraphrase)
    b = grader.grade(imported[0], case.paraphrase)
    assert [(r.covered, r.strength) for r in a.key_points] == [
        (r.covered, r.strength) for r in b.key_points
    ]


def test_derived_strength_is_monotone_in_aligned_recall() -> None:
    from mockprep.grading.calibration import COVERED_AT, DERIVED_COVERS_AT, derived_strength

    values = [derived_strength(x / 10) for x in range(11)]
    assert values == sorted(values)
    assert derived_strength(DERIVED_COVERS_AT) == pytest.approx(COVERED_AT)
    assert derived_strength(1.0) > 0.9 > 0.25 > derived_strength(0.0)
