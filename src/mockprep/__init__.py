"""mockprep: offline-first interview preparation for generative-AI roles."""

__version__ = "0.1.0"
