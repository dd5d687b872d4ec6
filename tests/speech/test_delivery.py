"""Delivery metrics on timed words: fillers judged in context, pauses, pace, hedges, length."""

from __future__ import annotations

from mockprep.speech.delivery import DeliveryConfig, analyse, find_fillers, find_hedges
from mockprep.speech.transcript import RawSegment, RawWord, build_transcript


def said(text: str, *, wps: float = 2.5, pauses: dict[int, float] | None = None):
    """A transcript of ``text`` spoken at ``wps`` words a second; ``pauses`` adds silence after
    the word with that index."""
    pauses = pauses or {}
    words, t = [], 0.0
    for i, token in enumerate(text.split()):
        words.append(RawWord(token, t, t + 0.8 / wps, 0.95))
        t += 1 / wps + pauses.get(i, 0.0)
    seg = RawSegment(0.0, t, text, -0.2, 0.01, tuple(words))
    return build_transcript([seg], duration=t + 0.5)


def fillers(text: str) -> list[str]:
    return [m.text for m in find_fillers(said(text).words)]


def test_like_as_a_verb_or_comparison_is_not_a_filler() -> None:
    assert fillers("I like transformers because they scale.") == []
    assert fillers("It works like a cache for the keys.") == []
    assert fillers("We would like fewer hallucinations, things like that.") == []
    assert fillers("It looks like the retriever is the problem.") == []


def test_like_floating_free_is_a_filler() -> None:
    assert fillers("It was, like, slow.") == ["like"]
    assert fillers("It took like five seconds to answer.") == ["like"]
    assert fillers("Like, the index was stale.") == ["like"]


def test_you_know_i_mean_sort_of_in_context() -> None:
    assert fillers("You know, the cache was cold.") == ["you know"]
    assert fillers("Do you know the answer?") == []
    assert fillers("If you know the schema it is easy.") == []
    assert fillers("It is sort of slow.") == ["sort of"]
    assert fillers("What kind of model is it?") == []
    assert fillers("I mean, it depends on the data.") == ["i mean"]
    assert fillers("What I mean is simple.") == []


def test_hesitations_and_basically_are_always_fillers() -> None:
    assert fillers("Um, so basically we, uh, chunk the documents.") == ["um", "basically", "uh"]


def test_hedges_counted_longest_phrase_first() -> None:
    marks = find_hedges(said("I'm not sure, but maybe it is I think the index.").words)
    assert [m.text for m in marks] == ["i'm not sure", "maybe", "i think"]


def test_pauses_pace_and_marks_point_into_the_text() -> None:
    text = "Retrieval finds passages first. Then the model writes an answer grounded in them."
    transcript = said(text, wps=2.4, pauses={3: 2.5})
    d = analyse(transcript, DeliveryConfig(pace_low=130, pace_high=160))
    assert d.long_pauses == 1 and 2.4 <= d.longest_pause <= 2.8
    pause = next(m for m in d.marks if m.kind == "pause")
    assert transcript.text[: pause.char_start].endswith("first.")
    assert d.pace == "slow"  # 2.4 words a second with a long pause is below 130 wpm
    fast = analyse(said(text * 3, wps=3.2))
    assert fast.pace == "fast" and fast.wpm > 160
    good = analyse(said(text * 3, wps=2.4))
    assert good.pace == "good" and 130 <= good.wpm <= 160
    assert any("Pace" in n for n in good.notes)


def test_pace_band_is_a_setting() -> None:
    text = "one two three four five six seven eight nine ten " * 3
    d = analyse(said(text, wps=2.0), DeliveryConfig(pace_low=100, pace_high=125))
    assert d.pace == "good" and d.pace_band == (100, 125)


def test_fillers_per_minute_and_notes() -> None:
    text = "Um, the model, uh, retrieves, um, passages and, uh, answers, you know, fast."
    d = analyse(said(text, wps=2.5))
    assert d.fillers == 5
    assert d.fillers_per_minute > 3
    assert d.filler_counts["um"] == 2
    assert any("filler" in n for n in d.notes)


def test_length_against_the_expected_length() -> None:
    short = analyse(said("RAG retrieves documents."), expected_words=150)
    assert short.length is not None and short.length.verdict == "short"
    right = analyse(said("word " * 140), expected_words=150)
    assert right.length is not None and right.length.verdict == "good"


def test_star_part_shares_from_character_spans() -> None:
    situation = "Our search was slow."
    action = "I profiled the queries and added an index and cached hot results."
    result = "Latency halved."
    text = f"{situation} {action} {result}"
    transcript = said(text)
    a0 = len(situation) + 1
    r0 = a0 + len(action) + 1
    parts = [("Situation", 0, a0), ("Action", a0, r0), ("Result", r0, len(text))]
    d = analyse(transcript, parts=parts)
    shares = {p.part: p.share for p in d.part_shares}
    assert shares["Action"] > shares["Situation"] > 0 and shares["Result"] > 0
    assert abs(sum(shares.values()) - 1) < 0.01


def test_low_confidence_is_flagged_from_the_recogniser_figures() -> None:
    words = (RawWord("maybe", 0.0, 0.4, 0.3), RawWord("words", 0.5, 0.9, 0.35))
    unsure = build_transcript([RawSegment(0, 1, "maybe words", -1.4, 0.2, words)], duration=1.0)
    assert unsure.low_confidence and unsure.confidence_note
    sure = said("clear speech here")
    assert not sure.low_confidence and sure.confidence_note is None
