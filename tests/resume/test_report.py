"""Findings, keyword matching with aliases, the score and its fixes, on the generated resumes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import resume_files as rf
from hypothesis import given, settings
from hypothesis import strategies as st

from mockprep.bank.catalog import Catalog
from mockprep.resume.check import build_report, extract
from mockprep.resume.document import Extraction
from mockprep.resume.jobdesc import parse_job
from mockprep.resume.link import StoryRef
from mockprep.resume.report import AtsReport
from mockprep.resume.taxonomy import Category, Taxonomy

TODAY = date(2026, 11, 29)


def report_of(
    ex: Extraction, name: str = "Jane-Example-Resume.pdf", job: str | None = rf.JOB, **kw: object
) -> AtsReport:
    return build_report(ex, file_name=name, sha256="0" * 64, job_text=job, today=TODAY, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def single() -> Extraction:
    return extract(rf.single_column(), "a.pdf")


def test_taxonomy_has_150_terms_with_aliases_and_categories(taxonomy: Taxonomy) -> None:
    assert len(taxonomy) >= 150
    assert {t.category for t in taxonomy.iter_terms()} == set(Category)
    assert all(t.aliases or t.exact for t in taxonomy.iter_terms())


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("RAG", "rag"),
        ("retrieval-augmented generation", "rag"),
        ("Retrieval Augmented Generation", "rag"),
        ("LLMs", "llm"),
        ("large language models", "llm"),
        ("fine-tuning", "fine-tuning"),
        ("finetuning", "fine-tuning"),
        ("fine tuned", "fine-tuning"),
        ("RLHF", "rlhf"),
        ("vector DBs", "vector-database"),
        ("Qdrant", "qdrant"),
        ("prompt engineering", "prompt-engineering"),
        ("LangGraph agents", "langgraph"),
        ("MLflow", "mlflow"),
        ("cross-functional", "collaboration"),
    ],
)
def test_aliases_and_acronyms_match(taxonomy: Taxonomy, text: str, term: str) -> None:
    assert taxonomy.find(f"I worked on {text} daily.")[0].term == term


def test_acronyms_that_are_words_match_only_as_written(taxonomy: Taxonomy) -> None:
    assert [h.term for h in taxonomy.find("a rag doll; go home")] == []
    assert [h.term for h in taxonomy.find("RAG in Go")] == ["rag", "go"]


def test_a_job_asking_for_vector_search_credits_qdrant(taxonomy: Taxonomy) -> None:
    assert "vector-search" in taxonomy.credits("qdrant")
    assert "vector-database" in taxonomy.credits("pinecone")


def test_job_description_keywords_title_degree_years_and_stress(taxonomy: Taxonomy) -> None:
    job = parse_job(rf.JOB, taxonomy)
    assert job.title == "Senior ML Engineer" and job.degree == 1 and job.years == 5
    by_term = {k.term: k for k in job.keywords}
    assert by_term["machine-learning"].mentions == 2  # "ML Engineer" twice
    assert by_term["kubernetes"].required is False and by_term["python"].required is True
    assert (
        by_term["machine-learning"].weight > by_term["python"].weight > by_term["kubernetes"].weight
    )
    assert {
        "rag",
        "vector-search",
        "fine-tuning",
        "evaluation",
        "communication",
        "langchain",
    } <= set(by_term)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Senior LLM Engineer. We need 5+ years of Python and RAG.", "Senior LLM Engineer"),
        (
            "# Applied Scientist, Search\nYou will build ranking with RAG.",
            "Applied Scientist, Search",
        ),
        ("Job title: Machine Learning Engineer\nPython, PyTorch.", "Machine Learning Engineer"),
    ],
)
def test_the_job_title_is_found_where_postings_put_it(
    taxonomy: Taxonomy, text: str, title: str
) -> None:
    assert parse_job(text, taxonomy).title == title


def test_keywords_are_found_where_the_resume_says_them(single: Extraction) -> None:
    report = report_of(single)
    kw = {k.term: k for k in report.keywords}
    assert kw["vector-search"].found
    assert (kw["vector-search"].where[0].line, kw["vector-search"].where[0].matched) == (
        8,
        "Qdrant",
    )
    assert kw["vector-search"].where[0].section == "experience"
    assert kw["rag"].where[0].line == 8
    assert [(w.section, w.line) for w in kw["python"].where] == [("summary", 5), ("skills", 15)]
    missing = {k.term for k in report.keywords if not k.found}
    assert missing == {
        "fine-tuning",
        "communication",
        "collaboration",
        "kubernetes",
        "rlhf",
        "langchain",
    }
    assert kw["degree"].found and kw["degree"].where[0].line == 13
    assert kw["years"].found


def test_report_reads_contact_sections_roles_and_skills(single: Extraction) -> None:
    report = report_of(single)
    assert report.contact.model_dump() == {
        "name": "Jane Example",
        "email": "jane@example.com",
        "phone": "+1 415 555 0100",
        "location": "Berlin, Germany",
        "links": ["github.com/janeex"],
    }
    assert report.sections == ["summary", "experience", "education", "skills"]
    assert [(r.title, r.employer, r.start, r.end, r.line) for r in report.roles] == [
        ("Senior ML Engineer", "Acme Corp", "Jan 2021", "Present", 7),
        ("ML Engineer", "Beta GmbH", "Mar 2018", "Dec 2020", 10),
    ]
    assert report.skills == ["Python", "PyTorch", "Docker", "SQL"]
    assert report.impact == {
        "bullets": 3,
        "with_metrics": 2,
        "strong_openings": 2,
        "weak_openings": 1,
        "repeated_verbs": 0,
    }
    assert (
        report.title_match is not None and report.title_match.line == 2
    )  # "ML" = machine learning


def test_findings_name_their_lines(single: Extraction) -> None:
    report = report_of(single, name="resume final.pdf")
    kinds = {(f.kind, f.line) for f in report.findings}
    assert ("weak_opening", 9) in kinds and ("no_metric", 9) in kinds
    assert ("file_name", None) in kinds
    weak = next(f for f in report.findings if f.kind == "weak_opening")
    assert weak.where == "page 1, line 9" and "Responsible for" in weak.message


def test_layout_findings_for_columns_tables_scans_headers_and_text_boxes() -> None:
    two = report_of(extract(rf.two_column(), "a.pdf"))
    column = next(f for f in two.findings if f.kind == "multi_column")
    assert column.page == 1 and "line 1" in column.message and "line 2" in column.message
    table = report_of(extract(rf.with_table(), "a.pdf"))
    assert [(f.kind, f.line) for f in table.findings if f.kind == "table"] == [("table", 4)]
    scan = report_of(extract(rf.image_only(), "a.pdf"))
    assert scan.findings[0].kind == "no_text_layer" and scan.findings[0].where == "every page"
    assert scan.text == [] and scan.file.words == 0  # nothing invented
    assert next(p for p in scan.breakdown if p.name == "structure").points == 0
    word = report_of(
        extract(rf.docx_resume(text_box=True), "a.docx"), name="Jane-Example-Resume.docx"
    )
    header = next(f for f in word.findings if f.kind == "header_footer")
    assert header.line == 1 and header.severity == "medium" and "contact details" in header.message
    assert ("text_box", 15) in {(f.kind, f.line) for f in word.findings}
    assert ("table", 9) in {(f.kind, f.line) for f in word.findings}


def test_unusual_headings_and_missing_dates() -> None:
    text = (
        "Jane Example\njane@example.com\n\nEXPERIENCE\nData Scientist, Foo Inc\n"
        "- Built churn models for 3 products\n\nMY JOURNEY SO FAR\nStarted coding at 12\n"
    )
    report = report_of(extract(text.encode(), "jane.txt"), name="jane.txt", job=None)
    assert ("unusual_section", 6) in {(f.kind, f.line) for f in report.findings}
    assert ("missing_dates", 4) in {(f.kind, f.line) for f in report.findings}


def test_hidden_text_is_reported_and_never_counts() -> None:
    clean = report_of(extract(rf.single_column(), "a.pdf"))
    tricked = report_of(extract(rf.with_hidden_text(), "a.pdf"))
    assert tricked.score == clean.score
    assert tricked.breakdown == clean.breakdown
    assert [k.model_dump() for k in tricked.keywords] == [k.model_dump() for k in clean.keywords]
    hidden = [f for f in tricked.findings if f.kind == "hidden_text"]
    assert [f.line for f in hidden] == [16, 17, 18, 19, 20]
    assert all(f.severity == "high" for f in hidden)
    assert "prompt injection" in hidden[1].message


def test_score_is_monotonic_in_added_matching_keywords(taxonomy: Taxonomy) -> None:
    job = parse_job(rf.JOB, taxonomy)
    names = [k.name for k in job.keywords]

    @settings(max_examples=40, deadline=None)
    @given(
        st.lists(st.sampled_from(names), unique=True, max_size=len(names)), st.sampled_from(names)
    )
    def check(present: list[str], added: str) -> None:
        base = ", ".join(["Docker", *present])
        more = ", ".join(["Docker", *present, added])
        before = report_of(extract_text(base), name="Jane-Example-Resume.txt")
        after = report_of(extract_text(more), name="Jane-Example-Resume.txt")
        assert after.score >= before.score

    check()


def extract_text(skills: str) -> Extraction:
    from mockprep.resume.document import Kind
    from mockprep.resume.text import parse_text

    lines = rf.single_column_lines()
    lines[-1] = skills
    return parse_text("\n".join(lines).encode(), Kind.TEXT)


def test_adding_every_missing_keyword_raises_the_score(single: Extraction) -> None:
    before = report_of(single)
    richer = extract(
        rf.single_column(skills=rf.SKILLS + ", fine-tuning, Kubernetes, RLHF, LangChain"), "a.pdf"
    )
    after = report_of(richer)
    assert after.score > before.score
    assert {k.term for k in after.keywords if not k.found} == {"communication", "collaboration"}


def test_fixes_are_the_five_biggest_gains_and_each_names_its_line_or_keyword(
    single: Extraction,
) -> None:
    report = report_of(single, catalog=Catalog.with_imports())
    assert len(report.fixes) == 5
    gains = [f.gain for f in report.fixes]
    assert gains == sorted(gains, reverse=True) and gains[0] > 0
    for fx in report.fixes:
        assert fx.about in fx.message or (
            fx.line is not None and f"line {fx.line}" in fx.message.lower()
        )
    first = report.fixes[0]
    assert first.about == "collaboration" and "line 15" in first.message


def test_a_keyword_fix_gains_what_rescoring_with_it_found_gives(single: Extraction) -> None:
    report = report_of(single)
    fix = next(f for f in report.fixes if f.about == "collaboration")
    with_it = extract(
        rf.single_column(skills=rf.SKILLS + ", cross-functional collaboration"), "a.pdf"
    )
    rescored = report_of(with_it)
    part = {p.name: p.points for p in rescored.breakdown}
    old = {p.name: p.points for p in report.breakdown}
    assert part["keywords"] - old["keywords"] == pytest.approx(fix.gain, abs=0.15)


def test_missing_keywords_link_to_bank_questions_and_stories(single: Extraction) -> None:
    story = StoryRef(
        7, "Shipping the support bot", "With a cross-functional team I fine-tuned a model"
    )
    report = report_of(single, catalog=Catalog.with_imports(), stories=[story])
    kw = {k.term: k for k in report.keywords}
    assert kw["collaboration"].practice[0].model_dump() == {
        "kind": "story",
        "ref": "7",
        "title": story.title,
    }
    assert kw["fine-tuning"].practice[0].kind == "story"
    questions = [p for p in kw["rlhf"].practice if p.kind == "question"]
    assert questions and all(
        "RLHF" in p.title or "feedback" in p.title.lower() or p.ref for p in questions
    )
    assert kw["communication"].practice and all(
        p.kind == "question" for p in kw["communication"].practice
    )


def test_without_a_job_only_structure_and_impact_count(single: Extraction) -> None:
    report = report_of(single, job=None)
    assert report.keywords == [] and report.job is None
    counted = [p for p in report.breakdown if p.max > 0]
    assert [p.name for p in counted] == ["structure", "impact"]
    assert sum(p.max for p in counted) == pytest.approx(100, abs=0.2)


def test_same_inputs_same_report(single: Extraction) -> None:
    assert report_of(single) == report_of(single)
    assert replace  # dataclasses are frozen; the report is a pure function of its inputs
