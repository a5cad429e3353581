"""Q&A compilations (amendment §5.5): each question opens an essay.

A question is a heading-only labelled paragraph ending in `?`/`？` or opening
with a word of `question_words.txt` (`如何`, `怎样`…). When two or more
questions number one level (`1.` `2.`…, in order) and an answer holds labels
of the questions' own style, the questions cannot be that level of one tree:
each opens an essay titled by its text without the label. Otherwise the
questions stay ordinary labels (real-layouts 08: answers numbered `(1)`).
"""

from __future__ import annotations

from dataclasses import replace

from essays.importer import lexicon, patterns
from essays.importer.numbering import LabelMatch, leading_label, sentence_end
from essays.importer.split import EssayText

MIN_QUESTIONS = 2


def split_questions(essay: EssayText) -> list[EssayText]:
    """The essay, or one essay per question when it is a Q&A compilation."""
    questions = _questions(essay.paragraphs)
    if len(questions) < MIN_QUESTIONS or not _answers_share_style(
        essay.paragraphs, questions
    ):
        return [essay]
    starts = [index for index, _ in questions]
    essays = []
    if starts[0] > 0:  # a lead before the first question stays the essay's
        essays.append(replace(essay, paragraphs=essay.paragraphs[: starts[0]]))
    for number, (start, match) in enumerate(questions):
        end = starts[number + 1] if number + 1 < len(starts) else len(essay.paragraphs)
        title = essay.paragraphs[start][match.end :].strip()
        essays.append(EssayText(title, None, essay.paragraphs[start + 1 : end]))
    return essays


def _questions(paragraphs: tuple[str, ...]) -> list[tuple[int, LabelMatch]]:
    """Question paragraphs numbering one level in order: 1, 2, 3…"""
    found, style = [], None
    for index, paragraph in enumerate(paragraphs):
        folded = patterns.fold(paragraph)
        match = leading_label(paragraph, folded)
        if match is None or not is_question(paragraph, folded, match.end):
            continue
        if style not in (None, match.label.style):
            continue
        if match.label.number != len(found) + 1:
            continue
        style = match.label.style
        found.append((index, match))
    return found


def is_question(text: str, folded: str, start: int) -> bool:
    """A heading-only paragraph that asks: ends in ? or opens with 如何…"""
    stop = sentence_end(folded, start)
    if stop is not None and text[stop:].strip():
        return False  # text after its first full stop: an item, not a heading
    heading = folded[start:].strip()
    if heading.endswith("?"):
        return True
    openers = lexicon.matcher("question_words")
    return openers is not None and openers.match(heading) is not None


def _answers_share_style(
    paragraphs: tuple[str, ...], questions: list[tuple[int, LabelMatch]]
) -> bool:
    """Whether a paragraph between the questions has their label style."""
    style = questions[0][1].label.style
    starts = {index for index, _ in questions}
    for index in range(questions[0][0] + 1, len(paragraphs)):
        if index in starts:
            continue
        match = leading_label(paragraphs[index])
        if match is not None and match.label.style == style:
            return True
    return False
