"""Copies of essays and topic handouts to take away: Word, PDF, Markdown.

An essay or a topic's points become a manuscript (manuscript.py,
handout.py); word.py and pdf.py write the same manuscript as a file;
markdown.py writes an essay's tree directly. docs/exports.md has the why.
"""

from essays.exports.handout import handout_manuscript
from essays.exports.manuscript import Manuscript, essay_manuscript
from essays.exports.markdown import essay_markdown
from essays.exports.pdf import write_pdf
from essays.exports.word import write_docx

__all__ = [
    "Manuscript",
    "essay_manuscript",
    "essay_markdown",
    "handout_manuscript",
    "write_docx",
    "write_pdf",
]
