"""Q&A compilations (amendment §5.5): questions open essays, or stay labels."""

from tests.importer.helpers import parse_text


def test_questions_open_essays_when_answers_share_their_style():
    text = (
        "问答\n1.如何做好走访?\n要点如下:\n1.要勤。内容。\n2.要实。内容。\n"
        "2.怎样听取意见\n意见要记录。\n"
    )
    titles = [essay.title for essay in parse_text(text).essays]
    assert titles == ["如何做好走访?", "怎样听取意见"]


def test_questions_stay_labels_when_answers_use_another_style():
    text = (
        "问答\n1.什么是统战?\n统战是联合。\n2.统战包括哪些方面?\n"
        "主要有三个方面:(1)党派;(2)团体;(3)个人。\n"
    )
    (essay,) = parse_text(text).essays
    assert essay.title == "问答" and essay.nodes


def test_one_question_is_not_a_compilation():
    text = "问答\n1.如何做好走访?\n1.要勤。内容。\n2.要实。内容。\n"
    assert len(parse_text(text).essays) == 1
