"""Downloads of essays and topic handouts (Word, Markdown)."""

from django.http import HttpRequest, HttpResponse

from essays import exports, selectors


def essay_docx(request: HttpRequest, slug: str) -> HttpResponse:
    tree = selectors.essay_tree(slug, include_drafts=request.user.is_staff)
    return download(exports.essay_docx(tree), f"{tree.essay.slug}.docx", DOCX)


def essay_markdown(request: HttpRequest, slug: str) -> HttpResponse:
    tree = selectors.essay_tree(slug, include_drafts=request.user.is_staff)
    markdown = exports.essay_markdown(tree).encode()
    return download(markdown, f"{tree.essay.slug}.md", "text/markdown; charset=utf-8")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def topic_handout(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.topic_page(slug)
    content = exports.topic_handout_docx(page.topic.name, page.groups)
    return download(content, f"{page.topic.slug}-handout.docx", DOCX)
