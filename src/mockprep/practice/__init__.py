"""Practice: sessions, question choice and spaced-repetition scheduling.

``selection`` picks questions (practice sessions, the review queue, what is due when);
``scheduling`` maps grades to FSRS ratings and schedules cards with the ``fsrs`` library.
Pure domain code: it takes repositories or plain data, never a terminal or a web request.
"""
