"""Clean-up: furniture lines, watermarks, tables of contents, broken paragraphs."""

import pytest

from essays.importer.clean import WatermarkRemover, clean
from essays.importer.furniture import furniture_kind
from essays.importer.layout import join_broken_paragraphs
from tests.importer.helpers import only_essay, parse_text

BODY = "这是正文的第一句话。"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("时间:2019-05-12 06:02:46下载本文作者:会员上传", "upload line"),
        ("发布时间:2021-03-08 10:12", "upload line"),
        ("上传时间：2020-11-21", "upload line"),
        ("上传日期:2020年11月21日", "upload line"),
        ("更新時間:2022-01-05 09:30:00", "upload line"),
        ("来源:人民网", "source line"),
        ("作者:张三", "author line"),
        ("浏览:1234", "view counter"),
        ("点击：88次", "view counter"),
        ("当前位置:首页 > 范文 > 党建", "breadcrumb"),
        ("您的位置:首页>工作总结", "breadcrumb"),
        ("简介:写写帮文库小编为你整理了多篇相关的《工作》", "blurb"),
        ("以下是小编为大家收集的基层党建工作,仅供参考。", "blurb"),
        ("已阅读5页,还剩21页未读", "preview"),
        ("继续免费阅读", "preview"),
        ("_第1页", "preview"),
        ("下载本文档", "preview"),
        ("版权说明:本文档由用户提供并上传", "copyright notice"),
        ("文档格式:doc", "format line"),
        ("文档为doc格式", "format line"),
        ("下载如何做好新时期的基层党群工作word格式文档", "download prompt"),
        ("下载如何做好新时期的基层党群工作.doc", "download prompt"),
        ("点此处下载文档", "download prompt"),
        ("声明:本文内容由互联网用户自发贡献自行上传", "disclaimer"),
        ("版权所有 © 2022 某某网", "copyright notice"),
        ("Copyright 2010-2022 All Rights Reserved", "copyright notice"),
        ("京ICP备12345678号", "ICP line"),
        ("19", "page number"),
        ("1/90", "page number"),
        ("第3页", "page number"),
        ("- 4 -", "page number"),
        ("(责编:王五)", "credit trailer"),
        ("（文/图 李四）", "credit trailer"),
        ("关键词:基层;党建", "journal metadata"),
        ("[关键词]基层;党建", "journal metadata"),
        ("〔关键词〕基层", "journal metadata"),
        ("【关键词】基层", "journal metadata"),
        ("【關鍵詞】基層", "journal metadata"),
        ("中图分类号:D267", "journal metadata"),
        ("文献标识码:A", "journal metadata"),
        ("文章编号:1009-1234(2019)02-0012-03", "journal metadata"),
        ("DOI:10.1234/j.cnki.2019.02.003", "journal metadata"),
        ("上一篇:如何做好工作", "site navigation"),
        ("【字体:大 中 小】", "site navigation"),
        ("打印本页 关闭窗口", "site navigation"),
        ("责任编辑:王五", "author line"),
        ("相关范文推荐", "related essays"),
        ("相关推荐", "related essays"),
        ("相关文章", "related essays"),
        ("• 相关文档:", "related essays"),
        ("猜你喜欢", "related essays"),
        ("Word文档下载:支部书记讲话.docx", "download prompt"),
        ("在线文档 > 党建材料 > 统战工作", "breadcrumb"),
        ("栏目:讲话稿", "column line"),
        ("标签:党建 讲话", "column line"),
        ("¥2.00 下载文档", "page chrome"),
        ("举报 | 收藏 | 分享", "page chrome"),
        ("点赞12 收藏 打印", "page chrome"),
        (
            "Home | News | About us | Contact | Login | Register | Sitemap | Links"
            " | More | 首页",
            "low-Han paragraph",
        ),
    ],
)
def test_furniture_line_is_recognised(line, kind):
    furniture = furniture_kind(line)
    assert furniture is not None and furniture.name == kind


@pytest.mark.parametrize(
    "line",
    [
        "时间:2019年5月12日上午9时,地点:三楼会议室。",  # a meeting notice's time
        "来源于群众,服务于群众。",
        "第一书记要带头。",
        "他在2019年入党,至今已有19年。",
        "关键是要抓落实。",
        "把统战工作置于当地工作的大局中来思考。",
        "相关资料显示,全县党员人数逐年增加。",  # opens with a related word
        "收藏分享都要实名。",
        "群众利益 > 一切",
    ],
)
def test_content_line_is_not_furniture(line):
    assert furniture_kind(line) is None


def test_furniture_appears_nowhere_in_the_output():
    text = (
        "标题\n时间:2019-05-12 06:02:46下载本文作者:会员上传\n"
        f"{BODY}\n19\n声明:本文内容由用户上传\n(责编:王五)\n"
    )
    assert only_essay(text).body == (BODY,)


def test_related_essays_line_drops_everything_after_it():
    essay = only_essay(
        f"标题\n{BODY}\n相关范文推荐\n怎样做好工作\n一、加强学习。内容。"
    )
    assert essay.body == (BODY,) and essay.nodes == ()


def test_header_between_title_and_first_marker_is_furniture():
    text = "标题\n本站整理了以下范文,供大家参考学习。\n第一篇:甲\n" + BODY
    document = parse_text(text)
    assert [essay.body for essay in document.essays] == [(BODY,)]


def test_abstract_label_is_furniture_and_its_text_is_the_lead():
    essay = only_essay(f"标题\n【摘要】本文探讨基层党建。\n关键词:党建\n{BODY}")
    assert essay.body == ("本文探讨基层党建。", BODY)


@pytest.mark.parametrize(
    "toc",
    [
        "目录\n一、存在的问题……2\n二、原因分析……5\n",
        "目 录\n一、存在的问题 2\n二、原因分析 5\n",
        "目錄\n一、存在的问题……1\n",
        "一、存在的问题……2\n二、原因分析……5\n三、对策建议……9\n",
        "一、存在的问题2\n二、原因分析5\n三、对策建议9\n",
    ],
)
def test_table_of_contents_is_furniture_and_headings_come_again(toc):
    essay = only_essay(f"标题\n{toc}一、存在的问题\n{BODY}\n二、原因分析\n{BODY}")
    assert [node.title for node in essay.nodes[0].children] == [
        "存在的问题",
        "原因分析",
    ]


def test_two_lines_ending_in_numbers_are_not_a_table_of_contents():
    essay = only_essay("标题\n全年完成投资12\n同比增长3\n" + BODY)
    assert essay.body[:2] == ("全年完成投资12", "同比增长3")


def _removed(line: str, *words: str) -> str:
    remover = WatermarkRemover(words)
    return remover.remove(line)


@pytest.mark.parametrize(
    ("line", "expected", "words"),
    [
        ("基层文秘杂烩网统战工作", "基层统战工作", ()),  # the editors' list
        ("我国文祕雜燴網经济", "我国经济", ()),  # traditional forms match
        ("基层写写帮文库统战工作", "基层统战工作", ("写写帮文库",)),  # the site's name
        ("www.基层民主党派", "基层民主党派", ()),
        ("详见www.example.com/a.html。", "详见。", ()),
        ("见http://a.b.cn/x?id=1,继续", "见,继续", ()),
        ("见https://a.cn/x.html（原文）", "见（原文）", ()),
        ("访问qpwk.cn获取", "访问获取", ()),
        ("发(fā)展", "发展", ()),
        ("黨(dang)建", "黨建", ()),
        ("讲（jiǎng）道理", "讲道理", ()),
        ("群众✿★✿◈★工作", "群众工作", ()),
        ("点赞👍🏻工作", "点赞工作", ()),
        ("职员👨🏻‍💼工作", "职员工作", ()),
    ],
)
def test_watermark_is_removed_from_its_sentence(line, expected, words):
    assert _removed(line, *words) == expected


@pytest.mark.parametrize(
    "line",
    [
        "气温15℃,湿度适中",
        "北纬30°的地方",
        "©是版权符号",
        "二○○九年三月",
        "请发邮件至abc@qq.com联系",
        "增长31.6%",
        "★加强学习",
        "(1)加强学习",
    ],
)
def test_text_that_resembles_a_watermark_stays(line):
    assert _removed(line) == line


@pytest.mark.parametrize(
    ("blurb", "site"),
    [
        ("简介:写写帮文库小编为你整理了多篇文章", "写写帮文库"),
        ("简介:笔杆子范文网为您精选了相关文章", "笔杆子范文网"),
        ("来源:启明文库", "启明文库"),
        ("来源:公文范文网", "公文范文网"),
    ],
)
def test_site_named_by_its_furniture_is_a_watermark(blurb, site):
    document = parse_text(f"标题\n{blurb}\n这是{site}正文的第一句话。")
    assert document.essays[0].body == (BODY,)
    assert document.source.site == site


@pytest.mark.parametrize("source", ["来源:人民网", "来源:求是"])
def test_publication_named_as_source_is_not_a_watermark(source):
    name = source.split(":")[1]
    document = parse_text(f"标题\n{source}\n据{name}报道,工作很好。")
    assert document.essays[0].body == (f"据{name}报道,工作很好。",)


def test_extra_watermarks_are_removed_too():
    document = parse_text(
        "标题\n这是某某网正文的第一句话。", extra_watermarks=["某某网"]
    )
    assert document.essays[0].body == (BODY,)


def test_each_watermark_removal_is_counted_in_warnings():
    document = parse_text("标题\n基层文秘杂烩网统战www.工作,文秘杂烩网发展。")
    assert any("文秘杂烩网 ×2" in warning for warning in document.warnings)


@pytest.mark.parametrize(
    ("lines", "paragraphs"),
    [
        # a paragraph broken by the page is joined again
        (
            ["工作很多。还没有把统", "战工作同其他工作一样。"],
            ["工作很多。还没有把统战工作同其他工作一样。"],
        ),
        # a complete paragraph is not joined
        (["工作很多。", "其他工作。"], ["工作很多。", "其他工作。"]),
        # a heading-only line never continues in the next
        (
            ["一、当前基层统战工作的现状", "近年来,工作推进。"],
            ["一、当前基层统战工作的现状", "近年来,工作推进。"],
        ),
        # the next paragraph starts with a label
        (
            ["工作很多。还没有", "二、加强学习。"],
            ["工作很多。还没有", "二、加强学习。"],
        ),
        # the next paragraph is an essay marker
        (["工作很多。还没有", "第二篇:标题"], ["工作很多。还没有", "第二篇:标题"]),
        # a paragraph ending in a colon or a closing quote is complete
        (["主要有以下几点:", "要学习。"], ["主要有以下几点:", "要学习。"]),
        (["他说:“好。”", "要学习。"], ["他说:“好。”", "要学习。"]),
        # three halves
        (["甲。乙", "丙", "丁。"], ["甲。乙丙丁。"]),
    ],
)
def test_broken_paragraphs_are_joined(lines, paragraphs):
    assert join_broken_paragraphs(lines) == paragraphs


def test_page_number_between_halves_does_not_stop_the_join():
    assert clean("工作很多。还没有把统\n19\n战工作同其他工作一样。").paragraphs == (
        "工作很多。还没有把统战工作同其他工作一样。",
    )


def test_watermark_at_paragraph_end_is_gone_before_the_paragraph_is_judged():
    text = "工作很多。文秘杂烩网\n其他工作。"
    assert clean(text).paragraphs == ("工作很多。", "其他工作。")
