"""Forms of the editors' admin: import, watermark words, actions, topics, tokens."""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils.translation import gettext_lazy as _

from essays.importer import MAX_BYTES
from essays.models import ApiToken, Topic

PASTED = "粘贴的文本.txt"


class ImportForm(forms.Form):
    """A .txt file, or text pasted from a page."""

    file = forms.FileField(
        label=_("文本文件"),
        required=False,
        help_text=_("扫描或下载的汇编,.txt,UTF-8 或 GB18030,不超过 5 MiB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )
    text = forms.CharField(
        label=_("或粘贴文本"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # Refused before the bytes are read: the size is known from the upload.
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("文件 %(name)s 有 %(size).1f MiB,超过 5 MiB 的上限。"),
                params={"name": upload.name, "size": upload.size / 1024 / 1024},
            )
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("text", "").strip():
            raise forms.ValidationError(_("请选择一个文件,或粘贴文本。"))
        return data

    def document(self) -> tuple[bytes, str]:
        """The raw bytes to import and the name they came under."""
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(MAX_BYTES + 1), upload.name
        return self.cleaned_data["text"].encode(), PASTED


class ConfirmImportForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput)
    replace = forms.BooleanField(required=False, widget=forms.HiddenInput)


class WatermarkWordsForm(forms.Form):
    words = forms.CharField(
        label=_("水印词"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
        help_text=_("每行一个;新网站插入正文的词,如网站名。"),
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
            help_text=_("输入几个字搜索;新主题在“主题”里添加。"),
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
