"""The Atom feed: titles and summaries as the pages show them, never a salutation."""

import xml.etree.ElementTree as ET

import pytest

from essays.feeds import DATE_LINE, SALUTATION, is_meaningful, summary
from essays.models import Essay

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize(
    "line",
    ["同志们:", "同志们：", "各位领导、同志们:", "尊敬的各位来宾：", "各位支部书记:"],
)
def test_short_lines_ending_with_a_colon_are_salutations(line):
    assert SALUTATION.match(line) and not is_meaningful(line)


@pytest.mark.parametrize(
    "line",
    ["20xx年5月", "(2010年4月20日)", "（2023年5月6日）", "二○○九年三月", "2023-05-06"],
)
def test_lines_that_are_only_a_date_are_date_lines(line):
    assert DATE_LINE.match(line) and not is_meaningful(line)


@pytest.mark.parametrize(
    "line",
    [
        "主要任务是:总结工作,部署任务。",  # a colon inside a sentence
        "2022年,我认真履行基层党建第一责任人职责。",  # a sentence about a year
        "二○○九年，我县在全省较早开通了县长信箱。",
    ],
)
def test_sentences_are_meaningful(line):
    assert is_meaningful(line)


def test_summary_is_the_first_meaningful_sentence():
    lead = ["同志们:", "今天召开推进会,主要任务是总结工作。下面,我讲三点。"]
    assert summary(lead) == "今天召开推进会,主要任务是总结工作。"
    assert summary(["20xx年5月", "目标一致。内容相通、功能互补。"]) == (
        "目标一致。内容相通、功能互补。"  # a very short sentence takes the next
    )
    assert summary(["同志们:"]) == ""


@pytest.mark.django_db
def test_feed_summaries_are_never_salutations_or_dates(client, imported_samples):
    feed = ET.fromstring(client.get("/feed/").content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == min(30, Essay.objects.count())
    summaries = {  # by address: titles repeat (three speeches share one)
        entry.find(f"{ATOM}link").get("href"): entry.findtext(f"{ATOM}summary")
        for entry in entries
    }
    for url, text in summaries.items():
        assert is_meaningful(text), (url, text)
        assert "," not in text and ":" not in text, text  # as the pages show it
    speech = Essay.objects.filter(lead__startswith="同志们:").first()
    dated = Essay.objects.get(lead__startswith="20xx年5月")
    urls = {url.split("testserver")[-1]: text for url, text in summaries.items()}
    assert urls[speech.get_absolute_url()].startswith("今天召开")
    assert urls[dated.get_absolute_url()].startswith(
        "国有企业思想政治工作和企业文化建设，"
    )
