"""The result of a check as one typed object: what `mockprep ats --json` prints, what the API
returns and what the store keeps (so a past check shows exactly as it did)."""

from __future__ import annotations

from pydantic import BaseModel, Field

REPORT_VERSION = 1


class PlaceOut(BaseModel):
    section: str
    line: int
    text: str
    matched: str = Field(description="The resume's own words that matched (an alias, a product).")


class PracticeOut(BaseModel):
    kind: str = Field(description="question (from the bank) or story (your STAR story).")
    ref: str
    title: str


class KeywordOut(BaseModel):
    term: str
    name: str
    category: str
    found: bool
    where: list[PlaceOut]
    mentions: int = Field(description="How often the job names it.")
    required: bool = Field(description="False when the job lists it as nice to have.")
    weight: float
    practice: list[PracticeOut] = Field(
        default_factory=list, description="How to prove it in an interview when it is missing."
    )


class FindingOut(BaseModel):
    kind: str
    severity: str
    where: str
    message: str
    line: int | None = None
    page: int | None = None
    points: float = Field(0.0, description="Points of the score it costs (0: reported only).")


class FixOut(BaseModel):
    rank: int
    gain: float = Field(description="Points the score rises by with this fix (re-scored).")
    about: str
    line: int | None = None
    message: str


class PartOut(BaseModel):
    name: str
    label: str
    points: float
    max: float
    detail: str


class LineOut(BaseModel):
    number: int
    text: str
    page: int
    zone: str
    column: int
    section: str
    hidden: str = ""


class RoleOut(BaseModel):
    title: str
    employer: str
    start: str
    end: str
    line: int


class ContactOut(BaseModel):
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    links: list[str] = Field(default_factory=list)


class FileOut(BaseModel):
    name: str
    kind: str
    sha256: str
    pages: int
    pages_estimated: bool
    words: int
    lines: int


class JobOut(BaseModel):
    title: str
    degree: str
    years: int
    keywords: int


class AtsReport(BaseModel):
    version: int = REPORT_VERSION
    score: int = Field(ge=0, le=100)
    breakdown: list[PartOut]
    keywords: list[KeywordOut]
    findings: list[FindingOut]
    fixes: list[FixOut]
    file: FileOut
    job: JobOut | None = None
    title_match: PlaceOut | None = None
    contact: ContactOut
    sections: list[str]
    roles: list[RoleOut]
    skills: list[str]
    impact: dict[str, int]
    text: list[LineOut]

    @property
    def extracted_text(self) -> str:
        return "\n".join(line.text for line in self.text)

    def missing(self) -> list[KeywordOut]:
        return [k for k in self.keywords if not k.found]
