"""Errors raised by the readers.

Pipeline stage 1: document -> Text. Every failure to turn a document into text is reported
as a :class:`ReaderError` whose message is one line: ``"<file>: <problem>"``.
"""

from __future__ import annotations


class ReaderError(Exception):
    """A document could not be read into text.

    The message names the file and the problem on one line, e.g.
    ``"report.pdf: PDF is encrypted (password protected)"``.

    Attributes:
        source: The file (path as given) the problem is about, or None when there is no file.
        problem: The problem in plain words, without the file name.
    """

    def __init__(self, source: str | None, problem: str) -> None:
        """Build the error.

        Args:
            source: The file the problem is about (path as given), or None.
            problem: What went wrong, in plain words; newlines are folded to spaces.
        """
        problem = " ".join(str(problem).split())
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}" if source else problem)
