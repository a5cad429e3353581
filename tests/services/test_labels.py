"""Relabelling keeps a list's own numbering style."""

import pytest

from essays.services.labels import chinese, relabel


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (23, "二十三"),
        (99, "九十九"),
        (105, "一百零五"),
    ],
)
def test_chinese_numerals(number, text):
    assert chinese(number) == text


@pytest.mark.parametrize(
    ("label", "number", "expected"),
    [
        ("第一,", 2, "第二,"),
        ("第九、", 10, "第十、"),
        ("(一)", 3, "(三)"),
        ("（十）", 11, "（十一）"),
        ("1、", 4, "4、"),
        ("１．", 2, "２．"),
        ("一是", 2, "二是"),
        ("三要", 1, "一要"),
        ("第一部分:", 2, "第二部分:"),
        ("1.2", 3, "1.3"),
        ("第叁条", 4, "第肆条"),
        ("", 2, ""),
    ],
)
def test_relabel_keeps_the_style(label, number, expected):
    assert relabel(label, number) == expected
