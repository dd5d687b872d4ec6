"""The web app: a JSON API under ``/api/v1`` and server-rendered pages over the same domain code.

``create_app()`` in :mod:`mockprep.web.app` builds it; ``mockprep web`` (and ``mockprep run``)
serve it with uvicorn. ``api/`` and ``pages/`` hold one module per resource; ``deps.py`` the
shared dependencies; ``csrf.py`` the CSRF protection every form and state-changing call needs.
"""
