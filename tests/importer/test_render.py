"""The contract's JSON: keys, types and the report of several documents."""

import datetime
import json

from essays.importer.nodes import Label, Node, ParsedDocument, ParsedEssay, Source
from essays.importer.render import document_json, report_json

SOURCE = Source(
    path="corpus/example.txt",
    title="如何做好新时期的基层党群工作",
    sha256="ab" * 32,
    site="写写帮文库",
    published_at=datetime.datetime(2019, 5, 12, 6, 2, 46),
)
POINT = Node(
    kind="point", label=Label("第一", 1, "ordinal-cn", ","), title="要管大事。"
)
SECTION = Node(
    kind="section",
    label=Label("第一部分", 1, "part-cn", ":"),
    title="基层党组织的领导干部应该做什么?",
    body=("改革开放以来…",),
    children=(POINT,),
    declared_count=10,
)
GROUP = Node(kind="section", label=None, title="主要有以下几点:", children=(POINT,))
ESSAY = ParsedEssay(
    title="如何做好新时期的基层党群工作",
    date=datetime.date(2010, 4, 20),
    body=("按照公司的总体部署…",),
    nodes=(SECTION, GROUP),
    closing=("总而言之…",),
)
DOCUMENT = ParsedDocument(source=SOURCE, essays=(ESSAY,), warnings=("removed 1",))


def test_document_json_has_the_contract_shape():
    assert document_json(DOCUMENT) == {
        "source": {
            "path": "corpus/example.txt",
            "title": "如何做好新时期的基层党群工作",
            "published_at": "2019-05-12T06:02:46",
            "sha256": "ab" * 32,
        },
        "essays": [
            {
                "title": "如何做好新时期的基层党群工作",
                "date": "2010-04-20",
                "body": ["按照公司的总体部署…"],
                "nodes": [
                    {
                        "kind": "section",
                        "label": "第一部分",
                        "number": 1,
                        "title": "基层党组织的领导干部应该做什么?",
                        "body": ["改革开放以来…"],
                        "children": [
                            {
                                "kind": "point",
                                "label": "第一",
                                "number": 1,
                                "title": "要管大事。",
                                "body": [],
                                "children": [],
                            }
                        ],
                    },
                    {
                        "kind": "section",
                        "label": "",
                        "number": None,
                        "title": "主要有以下几点:",
                        "body": [],
                        "children": [
                            document_json(DOCUMENT)["essays"][0]["nodes"][0][
                                "children"
                            ][0]
                        ],
                    },
                ],
                "closing": ["总而言之…"],
            }
        ],
        "warnings": ["removed 1"],
    }


def test_missing_dates_are_null():
    document = ParsedDocument(
        source=Source(path="a.txt", title="标题", sha256="0" * 64),
        essays=(ParsedEssay(title="标题"),),
    )
    rendered = document_json(document)
    assert rendered["source"]["published_at"] is None
    assert rendered["essays"][0]["date"] is None


def test_report_lists_documents_and_errors():
    report = report_json([DOCUMENT], [("bad.bin", "不是 UTF-8 或 GB18030 编码的文本")])
    assert [d["source"]["path"] for d in report["documents"]] == ["corpus/example.txt"]
    assert report["errors"] == [
        {"path": "bad.bin", "error": "不是 UTF-8 或 GB18030 编码的文本"}
    ]


def test_report_is_json_serialisable_without_ascii_escapes():
    text = json.dumps(report_json([DOCUMENT], []), ensure_ascii=False)
    assert "如何做好" in text
