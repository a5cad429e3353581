"""Forms of the editors' admin: import, watermark words, actions, topics, tokens."""

from pathlib import PurePath

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils.translation import gettext_lazy as _

from essays.importer import MAX_BYTES
from essays.models import ApiToken, Topic

PASTED = "粘贴的文本.txt"
# The formats essays.formats reads, by extension and by media type.
ACCEPTED = ",".join(
    [
        ".txt",
        ".docx",
        ".pdf",
        ".html",
        ".htm",
        ".doc",
        "text/plain",
        "text/html",
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
)


class ImportForm(forms.Form):
    """A file (.txt, .docx, .pdf, .html, .doc), or text pasted from a page."""

    file = forms.FileField(
        label=_("文件"),
        required=False,
        help_text=_(
            "下载或保存的汇编：.txt（UTF-8 或 GB18030）、Word（.docx，旧版 .doc）、"
            "PDF（须有文字层）或保存的网页（.html），不超过 5 MiB。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )
    text = forms.CharField(
        label=_("或粘贴文本"),
        required=False,
        strip=False,
        help_text=_("从网页或文档中复制的全文；与上传文件二选一。"),
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # Refused before the bytes are read: the size is known from the upload.
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("文件 %(name)s 有 %(size).1f MiB，超过 5 MiB 的上限。"),
                params={"name": upload.name, "size": upload.size / 1024 / 1024},
            )
        return upload

    def clean_text(self):
        text = self.cleaned_data.get("text", "")
        # Counted as the UTF-8 bytes it is stored as, like a file's size.
        size = len(text.encode("utf-8"))
        if size > MAX_BYTES:
            raise forms.ValidationError(
                _("粘贴的文本有 %(size).1f MiB，超过 5 MiB 的上限。"),
                params={"size": size / 1024 / 1024},
            )
        return text

    def clean(self):
        data = super().clean()
        has_file, has_text = bool(data.get("file")), bool(data.get("text", "").strip())
        if self.errors:
            return data
        if not has_file and not has_text:
            raise forms.ValidationError(_("请选择一个文件，或粘贴文本。"))
        if has_file and has_text:
            raise forms.ValidationError(
                _("请只选一种：上传文件或粘贴文本，不要两者都填。")
            )
        return data

    def document(self) -> tuple[bytes, str]:
        """The raw bytes to import and the name they came under."""
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(MAX_BYTES + 1), stored_name(upload.name)
        return self.cleaned_data["text"].encode("utf-8"), PASTED


def stored_name(name: str, limit: int = 255) -> str:
    """A file name that fits ImportUpload.filename, keeping its extension.

    The preview parses the staged bytes again under this name, so the
    extension (one way the format is chosen) must survive shortening.
    """
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix[:16]
    return name[: limit - len(suffix)] + suffix


class ConfirmImportForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput)
    replace = forms.BooleanField(required=False, widget=forms.HiddenInput)


class WatermarkWordsForm(forms.Form):
    words = forms.CharField(
        label=_("水印词"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
        help_text=_("每行一个；新网站插入正文的词，如网站名。"),
    )
    note = forms.CharField(label=_("备注"), required=False, max_length=200)


class EssayActionForm(ActionForm):
    """The action bar with a topic box for “add/remove topic”."""

    topic = forms.CharField(
        label=_("主题"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "主题名称", "size": 12}),
    )


class TopicsField(forms.ModelMultipleChoiceField):
    """Topics picked with the admin's autocomplete; saved through taggit."""

    def __init__(self, model_field, admin_site, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            queryset=Topic.objects.all(),
            widget=AutocompleteSelectMultiple(model_field, admin_site),
            label=model_field.verbose_name,
            help_text=_("输入几个字搜索；新主题在“主题”里添加。"),
            **kwargs,
        )

    def prepare_value(self, value):
        # The form's initial value is taggit's list of Topic rows.
        if value and not isinstance(value, str):
            value = [getattr(item, "pk", item) for item in value]
        return super().prepare_value(value)


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name", "scope"]
