"""mockprep: offline-first interview preparation for generative-AI roles."""

import os

__version__ = "0.1.0"

# numpy's OpenBLAS starts a worker thread per core, and after each call those workers spin for a
# while before they sleep. mockprep's matrices are small (an answer's sentences against a rubric),
# so the extra threads add no speed: they only burned about 25 ms of CPU per graded answer in the
# web server, a core that concurrent requests needed. One BLAS thread gives identical results.
# This runs before numpy is first imported (every entry point imports this package first); a
# value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
