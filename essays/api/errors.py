"""Refusals that carry their stable `code` (decisions.md, "Language and messages").

`Refused` is an HttpError with a `code`; kb/api.py answers it as
`{"detail": <Chinese sentence>, "code": <code>}`. `describe` turns a
pydantic/ninja validation error item into a Chinese phrase for the 422 answer.
"""

import re

from ninja.errors import HttpError


class Refused(HttpError):
    """An HttpError whose answer carries `code` (the status's default if empty)."""

    def __init__(self, status_code: int, message: str, code: str = "") -> None:
        super().__init__(status_code, message)
        self.code = code


NOT_JSON = "请求内容不是有效的 JSON，无法解析；请检查引号、逗号和括号。"

HAN = re.compile(r"[\u4e00-\u9fff]")
SOURCES = {"body": "请求内容", "query": "查询参数", "path": "路径参数", "form": "表单"}

# Each pydantic error type as a predicate following the field's name.
PHRASES = {
    "missing": "必须填写",
    "extra_forbidden": "是不认识的字段",
    "int_parsing": "应是整数",
    "int_type": "应是整数",
    "int_from_float": "应是整数",
    "float_parsing": "应是数字",
    "float_type": "应是数字",
    "string_too_long": "太长（最多 {max_length} 个字符）",
    "string_too_short": "太短（至少 {min_length} 个字符）",
    "too_long": "项数太多（最多 {max_length} 项）",
    "too_short": "项数太少（至少 {min_length} 项）",
    "greater_than_equal": "应不小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "应不大于 {le}",
    "less_than": "应小于 {lt}",
    "literal_error": "应是 {expected} 之一",
    "enum": "应是 {expected} 之一",
    "date_parsing": "应是日期（如 2024-01-31）",
    "date_from_datetime_parsing": "应是日期（如 2024-01-31）",
    "date_type": "应是日期（如 2024-01-31）",
    "datetime_parsing": "应是 ISO 8601 时间（如 2024-01-31T08:00:00+08:00）",
    "datetime_from_date_parsing": "应是 ISO 8601 时间（如 2024-01-31T08:00:00+08:00）",
    "datetime_type": "应是 ISO 8601 时间（如 2024-01-31T08:00:00+08:00）",
    "json_invalid": "不是有效的 JSON",
    "json_type": "不是有效的 JSON",
    "string_pattern_mismatch": "格式不对",
    "bool_parsing": "应是“true”或“false”",
    "bool_type": "应是“true”或“false”",
    "list_type": "应是列表（JSON 数组）",
    "string_type": "应是文本（JSON 字符串）",
    "dict_type": "应是 JSON 对象",
    "model_type": "应是 JSON 对象",
    "model_attributes_type": "应是 JSON 对象",
    "string_unicode": "应是文本（JSON 字符串）",
    "url_parsing": "不是有效的 URL",
    "url_type": "不是有效的 URL",
}
FALLBACK = "不符合要求"


def choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as “a”、“b”、“c”."""
    items = re.findall(r"'([^']*)'|(\S[^,]*?)(?=,| or |$)", expected)
    values = [quoted or bare.strip() for quoted, bare in items if quoted or bare]
    return "、".join(f"“{value}”" for value in values) or expected


def phrase(item: dict) -> str:
    """The Chinese predicate for one error item (its `msg` in the answer)."""
    kind = item.get("type", "")
    message = str(item.get("msg", ""))
    if HAN.search(message):  # already said in Chinese by our own code
        return message.removeprefix("Value error, ")
    template = PHRASES.get(kind)
    if template is None:
        return FALLBACK
    if kind == "extra_forbidden" and item.get("loc", [""])[0] == "query":
        return "是不认识的查询参数"
    context = dict(item.get("ctx") or {})
    if "expected" in context:
        context["expected"] = choices(str(context["expected"]))
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template.split("（")[0].split(" {")[0] or FALLBACK


def field_name(loc: list) -> str:
    """“title”, “ids.3” — or 请求内容 when the whole body is at fault."""
    parts = (
        [str(part) for part in loc[1:]]
        if loc[:1] and loc[0] in SOURCES
        else [str(part) for part in loc]
    )
    if not parts:
        return SOURCES.get(str(loc[0]), "请求") if loc else "请求"
    return f"“{'.'.join(parts)}”"


def summary(errors: list[dict], most: int = 5) -> str:
    """One sentence naming each field: 请求内容有误：“title”太长（…）；…。"""
    parts = []
    for item in errors[:most]:
        name, said = field_name(list(item.get("loc", []))), item["msg"]
        bare = name.strip("“”")
        parts.append(
            said if said.startswith(bare) or bare in said[:40] else name + said
        )
    if len(errors) > most:
        parts.append(f"另有 {len(errors) - most} 处问题")
    return "请求内容有误：" + "；".join(parts) + "。"
