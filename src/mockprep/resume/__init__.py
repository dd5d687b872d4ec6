"""The ATS check: how an applicant-tracking system reads a resume, and how well it fits a job.

The flow, one module per step::

    sniff      the file type, from the content (never the name)
    sandbox    parsing in a separate, limited process (worker.py runs pdf.py, docx.py, text.py)
    document   what parsing returns: the lines an ATS would extract, with where they sit
    sections   headings and their synonyms; contact, roles: who, where, when
    taxonomy   the generative-AI skill terms with aliases (data/genai_skills.yaml)
    jobdesc    what a job description asks for; matching: where the resume shows it
    impact     bullets with results, action verbs; findings: every problem with its line
    score      0-100 with its breakdown and the fixes that raise it most
    link       missing keywords -> bank questions to prove them in an interview
    check      the whole pipeline; report: the result as one typed object
"""
