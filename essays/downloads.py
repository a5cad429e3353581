"""Downloads of essays and topic handouts: Word, PDF, Markdown.

File names are Chinese (the essay's title, 主题学习材料), sent as RFC 6266
`filename*` with an ASCII fallback made from the slug for older clients.
"""

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse

from essays import exports, selectors

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
MARKDOWN = "text/markdown; charset=utf-8"


def essay_manuscript(request: HttpRequest, slug: str) -> exports.Manuscript:
    tree = selectors.page_tree(slug, include_drafts=request.user.is_staff)
    url = request.build_absolute_uri(tree.essay.get_absolute_url())
    return exports.essay_manuscript(tree, url=url)


def handout_manuscript(request: HttpRequest, slug: str) -> exports.Manuscript:
    page = selectors.topic_page(slug)
    return exports.handout_manuscript(
        page.topic, page.groups, absolute=request.build_absolute_uri
    )


def essay_docx(request: HttpRequest, slug: str) -> HttpResponse:
    manuscript = essay_manuscript(request, slug)
    return download(exports.write_docx(manuscript), manuscript, ".docx", DOCX)


def essay_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    manuscript = essay_manuscript(request, slug)
    return download(exports.write_pdf(manuscript), manuscript, ".pdf", PDF)


def essay_markdown(request: HttpRequest, slug: str) -> HttpResponse:
    tree = selectors.page_tree(slug, include_drafts=request.user.is_staff)
    manuscript = exports.essay_manuscript(tree, url="")
    markdown = exports.essay_markdown(tree).encode()
    return download(markdown, manuscript, ".md", MARKDOWN)


def topic_handout(request: HttpRequest, slug: str) -> HttpResponse:
    manuscript = handout_manuscript(request, slug)
    return download(exports.write_docx(manuscript), manuscript, ".docx", DOCX)


def topic_handout_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    manuscript = handout_manuscript(request, slug)
    return download(exports.write_pdf(manuscript), manuscript, ".pdf", PDF)


def download(
    content: bytes, manuscript: exports.Manuscript, extension: str, content_type: str
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment(
        manuscript.filename + extension, manuscript.ascii_filename + extension
    )
    return response


def attachment(filename: str, ascii_filename: str) -> str:
    """RFC 6266: the UTF-8 name for clients that read it, ASCII for the rest.

    Django's content_disposition_header sends a non-ASCII name as
    `filename*` alone; an old client would then save the file as `export`.
    """
    return (
        f'attachment; filename="{ascii_filename}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )
