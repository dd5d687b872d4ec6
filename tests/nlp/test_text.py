"""Sentence splitting, tokens and normalisation."""

from __future__ import annotations

from mockprep.nlp import content_terms, normalise, split_sentences, tokenize, word_count


def test_sentences_carry_offsets_that_slice_the_text() -> None:
    text = "RAG, i.e. retrieval-augmented generation, looks things up first. It costs 3.5 ms!  Dr. Smith agrees?\n\n- a list item\n- another"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "RAG, i.e. retrieval-augmented generation, looks things up first.",
        "It costs 3.5 ms!",
        "Dr. Smith agrees?",
        "- a list item",
        "- another",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_run_on_sentences_are_cut_so_each_piece_stays_short() -> None:
    text = ", ".join(f"clause number {i} says something" for i in range(40)) + "."
    pieces = split_sentences(text)
    assert len(pieces) > 1
    assert all(word_count(p.text) <= 60 for p in pieces)
    assert all(text[p.start : p.end] == p.text for p in pieces)


def test_forms_of_a_word_normalise_to_one_key() -> None:
    assert len({normalise(w) for w in ("retrieve", "retrieved", "retrieving", "retrieves")}) == 1
    assert normalise("embeddings") == normalise("embedding")
    assert normalise("optimise") == normalise("optimized")
    assert normalise("databases") == normalise("database")


def test_tokens_and_content_terms() -> None:
    tokens = tokenize("The KV-cache isn't free.")
    assert [t.text for t in tokens] == ["The", "KV-cache", "isn't", "free"]
    assert all("The KV-cache isn't free."[t.start : t.end] == t.text for t in tokens)
    assert content_terms("The cache is basically a thing") == ["cach"]


def test_empty_text_has_no_sentences() -> None:
    assert split_sentences("   \n ") == []
    assert split_sentences("...") == []
