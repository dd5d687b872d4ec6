"""STAR stories and behavioural practice.

- ``story``: a story (title, Situation, Task, Action, Result, competencies, skills, keywords, tags).
- ``layout``: a text cut into sentences labelled S/T/A/R, with character offsets.
- ``splitter``: free text to S/T/A/R, sentence by sentence (cues, position and embeddings).
- ``checks``: what to fix in a story, each finding quoting the story's own words.
- ``coverage``: which competencies and bank questions have a story.
- ``coach``: a behavioural answer judged on STAR shape, relevance, specificity and ownership.
- ``document``: the Markdown form of a story (editing) and of the whole bank (export).

This package imports neither FastAPI nor Typer, and nothing from ``grading`` imports it back
except ``grading.models``, which takes ``StarReview`` from ``star.review`` (no other imports).
"""
