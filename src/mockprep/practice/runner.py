"""A practice session from start to summary: choose questions, save answers, grade, schedule.

The terminal and the web app both drive a session through ``PracticeRunner``. Each answer is
committed to the store *before* it is graded, so Ctrl-C, a closed terminal or a crash loses no
saved answer; ``grade_pending`` grades anything saved but not yet graded, and an unfinished
session can be resumed where it stopped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from mockprep.bank.catalog import Catalog
from mockprep.bank.schema import FollowUp, KeyPoint, Kind, Question
from mockprep.errors import InputError, QuestionNotFoundError
from mockprep.grading import Grade, Grader
from mockprep.practice.scheduling import apply_review
from mockprep.practice.selection import choose_questions, due_for_review
from mockprep.star.coach import review_for_user
from mockprep.store.database import Database
from mockprep.store.records import AttemptRecord, SessionRecord
from mockprep.store.repositories import AttemptRepository, ReviewRepository, SessionRepository

DEFAULT_COUNT = 5


@dataclass(frozen=True)
class Filters:
    """What a candidate asked to practise."""

    category: str | None = None
    role: str | None = None
    kind: str | None = None
    difficulty: int | None = None
    bank: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class QuestionResult:
    """One question of a finished or running session, for the summary."""

    question: Question
    attempt: AttemptRecord
    follow_up: AttemptRecord | None

    @property
    def score(self) -> float | None:
        return self.attempt.score


@dataclass(frozen=True)
class SessionSummary:
    session: SessionRecord
    results: list[QuestionResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def mean_score(self) -> float | None:
        scores = [r.score for r in self.results if r.score is not None]
        return round(sum(scores) / len(scores), 1) if scores else None

    def review_next(self, limit: int = 3) -> list[Question]:
        """The weakest questions of the session, to review next."""
        graded = [r for r in self.results if r.score is not None]
        graded.sort(key=lambda r: (r.score or 0.0, r.question.uid))
        return [r.question for r in graded[:limit] if (r.score or 0.0) < 7.5]


def follow_up_question(question: Question, grade: Grade) -> Question | None:
    """A small question to grade the answer to the grade's follow-up against.

    Its rubric is the key point the follow-up probes (the bank's follow-up, or the biggest gap for
    questions without follow-ups), so the follow-up answer is judged on what was asked.
    """
    if not grade.follow_up:
        return None
    probed: str | None = None
    for fu in question.follow_ups:
        if fu.question == grade.follow_up:
            probed = fu.probes
    if probed is None and grade.missing:
        probed = grade.missing[0].id
    point = next((kp for kp in question.key_points if kp.id == probed), None)
    if point is None:
        point = max(question.key_points, key=lambda kp: kp.weight)
    focused = KeyPoint(
        id=point.id,
        label=point.label,
        statement=point.statement,
        weight=1.0,
        phrasings=list(point.phrasings),
        derived=point.derived,
    )
    return Question(
        id=f"{question.id}-follow-up"[:80],
        category=question.category,
        kind=Kind.CONCEPT if question.kind is Kind.BEHAVIOURAL else question.kind,
        difficulty=question.difficulty,
        roles=list(question.roles),
        question=grade.follow_up,
        reference_answers=[point.statement, *question.answers[:1]],
        key_points=[focused],
        follow_ups=[FollowUp(question=grade.follow_up, probes=point.id)],
        bank=question.bank,
    )


class PracticeRunner:
    """Drives sessions for one user over the store, the catalog and the grader."""

    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        grader: Grader,
        user_id: int,
        *,
        desired_retention: float = 0.9,
    ) -> None:
        self.db = db
        self.catalog = catalog
        self.grader = grader
        self.user_id = user_id
        self.desired_retention = desired_retention

    # -- starting ---------------------------------------------------------------------------
    def start(
        self,
        filters: Filters = Filters(),
        *,
        count: int = DEFAULT_COUNT,
        time_limit_seconds: int | None = None,
        question_ids: Sequence[str] = (),
        seed: int | None = None,
        now: datetime | None = None,
    ) -> SessionRecord:
        """Start a practice session: unanswered and weak questions first, spread across categories."""
        if count < 1:
            raise InputError("--count must be at least 1", fix="Ask for 1 or more questions.")
        now = now or datetime.now(UTC)
        if question_ids:
            chosen = [self.catalog.get(ref) for ref in question_ids]
        else:
            candidates = self.catalog.filter(
                category=filters.category,
                kind=filters.kind,
                role=filters.role,
                difficulty=filters.difficulty,
                bank=filters.bank,
            )
            if not candidates:
                raise InputError(
                    f"no questions match {filters.as_dict()}",
                    fix="Loosen the filters; `mockprep bank list` shows what there is.",
                )
            with self.db.read() as s:
                history = AttemptRepository(s).scores_by_question(self.user_id)
            chosen = choose_questions(candidates, history, count, now=now, seed=seed)
        with self.db.write() as s:
            return SessionRepository(s).start(
                self.user_id,
                [q.uid for q in chosen],
                mode="practice",
                filters=filters.as_dict(),
                time_limit_seconds=time_limit_seconds,
            )

    def start_review(self, *, limit: int = 10, now: datetime | None = None) -> SessionRecord | None:
        """Start a session of the questions due for review, weakest first; None when none are due."""
        now = now or datetime.now(UTC)
        with self.db.read() as s:
            reviews = ReviewRepository(s).all(self.user_id)
            history = AttemptRepository(s).scores_by_question(self.user_id)
        due = [uid for uid in due_for_review(reviews, history, now, limit) if self._known(uid)]
        if not due:
            return None
        with self.db.write() as s:
            return SessionRepository(s).start(self.user_id, due, mode="review")

    def _known(self, uid: str) -> bool:
        try:
            self.catalog.get(uid)
        except QuestionNotFoundError:
            return False
        return True

    def refresh(self, session: SessionRecord) -> SessionRecord:
        """The session as stored now."""
        with self.db.read() as s:
            return SessionRepository(s).get(self.user_id, session.id)

    def unfinished(self) -> SessionRecord | None:
        with self.db.read() as s:
            return SessionRepository(s).latest_unfinished(self.user_id)

    # -- during a session -------------------------------------------------------------------
    def attempts(self, session: SessionRecord) -> list[AttemptRecord]:
        with self.db.read() as s:
            rows = AttemptRepository(s).history(self.user_id, session_id=session.id, limit=10_000)
        return sorted(rows, key=lambda a: a.id)

    def remaining(self, session: SessionRecord) -> list[Question]:
        """Planned questions not yet answered (or skipped) in this session, in order."""
        session = self.refresh(session)
        done = {a.question_id for a in self.attempts(session) if a.parent_attempt_id is None}
        done |= set(session.filters.get("skipped", []))
        out = []
        for uid in session.question_ids:
            if uid not in done and self._known(uid):
                out.append(self.catalog.get(uid))
        return out

    def skip(self, session: SessionRecord, question: Question) -> SessionRecord:
        with self.db.write() as s:
            repo = SessionRepository(s)
            current = repo.get(self.user_id, session.id)
            skipped = [*current.filters.get("skipped", []), question.uid]
            return repo.set_filters(
                self.user_id, session.id, {**current.filters, "skipped": skipped}
            )

    def save_answer(
        self,
        session: SessionRecord | None,
        question: Question,
        answer: str,
        *,
        started_at: datetime,
        prompt: str | None = None,
        parent_attempt_id: int | None = None,
        transcript: str | None = None,
        delivery: dict[str, Any] | None = None,
    ) -> AttemptRecord:
        """Commit the answer before anything else happens to it."""
        submitted = datetime.now(UTC)
        with self.db.write() as s:
            return AttemptRepository(s).add(
                self.user_id,
                question.uid,
                answer,
                prompt=prompt or question.question,
                session_id=session.id if session else None,
                parent_attempt_id=parent_attempt_id,
                rubric_hash=question.rubric_hash(),
                bank_version=self.catalog.versions.get(question.bank, ""),
                started_at=started_at,
                submitted_at=submitted,
                duration_seconds=round((submitted - started_at).total_seconds(), 1),
                transcript=transcript,
                delivery=delivery,
            )

    def grade(self, attempt: AttemptRecord, question: Question) -> Grade:
        """Grade a saved attempt, store the grade and (for top-level answers) reschedule the question."""
        grade = self.grader.grade(question, attempt.answer_text)
        grade = review_for_user(  # behavioural questions: STAR review and story reminder
            self.db, self.user_id, grade, question, attempt.answer_text, self.grader.cache
        )
        with self.db.write() as s:
            AttemptRepository(s).record_grade(
                self.user_id,
                attempt.id,
                grade.model_dump(mode="json"),
                score=grade.score,
                grader_name=grade.grader.name,
                grader_version=grade.grader.version,
            )
            if attempt.parent_attempt_id is None:
                apply_review(
                    ReviewRepository(s),
                    self.user_id,
                    attempt.question_id,
                    grade.score,
                    datetime.now(UTC),
                    attempt_id=attempt.id,
                    desired_retention=self.desired_retention,
                )
        return grade

    def grade_pending(self, session: SessionRecord) -> int:
        """Grade answers that were saved but not graded (a crash between the two). Returns how many."""
        count = 0
        for attempt in self.attempts(session):
            if attempt.is_graded or attempt.parent_attempt_id is not None:
                continue
            try:
                question = self.catalog.get(attempt.question_id)
            except QuestionNotFoundError:
                continue
            self.grade(attempt, question)
            count += 1
        return count

    # -- ending -----------------------------------------------------------------------------
    def finish(self, session: SessionRecord) -> SessionSummary:
        with self.db.write() as s:
            finished = SessionRepository(s).finish(self.user_id, session.id)
        return self.summary(finished)

    def summary(self, session: SessionRecord) -> SessionSummary:
        session = self.refresh(session)
        attempts = self.attempts(session)
        follow_ups = {a.parent_attempt_id: a for a in attempts if a.parent_attempt_id is not None}
        results = []
        latest: dict[str, AttemptRecord] = {}
        for a in attempts:
            if a.parent_attempt_id is None:
                latest[a.question_id] = a  # a repeated question: keep the last try
        for uid, attempt in latest.items():
            if self._known(uid):
                results.append(
                    QuestionResult(self.catalog.get(uid), attempt, follow_ups.get(attempt.id))
                )
        return SessionSummary(session, results, list(session.filters.get("skipped", [])))
