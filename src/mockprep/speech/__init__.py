"""Spoken answers: decode a recording (``audio``), transcribe it offline (``engine``,
``transcript``), measure its delivery (``delivery``), keep the audio only when asked
(``recording``), record from a microphone (``microphone``), and tie it to practice
(``spoken_answer``)."""
