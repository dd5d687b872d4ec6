"""Text utilities (sentences, tokens, normalisation) and embedding models behind one protocol."""

from mockprep.nlp.text import (
    STOPWORDS,
    Span,
    Token,
    acronym,
    content_terms,
    normalise,
    split_sentences,
    tokenize,
    word_count,
)

__all__ = [
    "STOPWORDS",
    "Span",
    "Token",
    "acronym",
    "content_terms",
    "normalise",
    "split_sentences",
    "tokenize",
    "word_count",
]
