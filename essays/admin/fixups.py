"""Fixes that teach: from an import preview, editors extend the word lists.

An editor selects a line or phrase in the preview and marks it (furniture, a
watermark, or a word of another list), or cuts a glued heading where it
ends; the entry is stored for this document's site or for every site
(`essays.watermarks.add_entries`, one revision naming the editor and the
admin), and the next preview, and every later document from that site, uses
it. `static/js/import_preview.js` fills these forms from a selection; without
it, the editor types the text.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from essays.models import WatermarkWord
from essays.services.recording import ADMIN
from essays.watermarks import add_entries

Kind = WatermarkWord.Kind
MARKABLE = [choice for choice in Kind.choices if choice[0] != Kind.HEADING_CUTS]
SCOPES = [("site", _("只用于这个网站")), ("all", _("所有网站"))]


class ScopedEntryForm(forms.Form):
    """An entry of the editors' word lists, for one site or every site."""

    scope = forms.ChoiceField(
        label=_("适用范围"), choices=SCOPES, initial="site", widget=forms.RadioSelect
    )
    site = forms.CharField(label=_("网站"), required=False, max_length=100)
    note = forms.CharField(label=_("备注"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("scope") == "site" and not data.get("site", "").strip():
            raise forms.ValidationError(
                _("这份文档没有读出来源网站：请填写网站名，或选择“所有网站”。")
            )
        return data

    @property
    def entry_site(self) -> str:
        data = self.cleaned_data
        return data["site"].strip() if data["scope"] == "site" else ""


class MarkForm(ScopedEntryForm):
    """Selected text marked as furniture, a watermark or a word of a list."""

    word = forms.CharField(
        label=_("所选文字"),
        max_length=200,
        strip=True,
        widget=forms.TextInput(attrs={"size": 40, "data-kb-selection": ""}),
    )
    kind = forms.ChoiceField(
        label=_("标记为"), choices=MARKABLE, initial=Kind.FURNITURE
    )

    field_order = ["word", "kind", "scope", "site", "note"]


class CutForm(ScopedEntryForm):
    """A glued heading: the part of the title (after its label) to keep."""

    word = forms.CharField(
        label=_("标题到此为止"),
        max_length=200,
        strip=True,
        help_text=_("标题保留的部分（编号之后）；其后的文字成为正文。"),
        widget=forms.TextInput(attrs={"size": 40, "data-kb-cut-input": ""}),
    )

    field_order = ["word", "scope", "site", "note"]


def fix_forms(request: HttpRequest) -> tuple[MarkForm, CutForm, bool]:
    """The two forms, bound when posted; True when an entry was stored."""
    mark, cut = MarkForm(prefix="mark"), CutForm(prefix="cut")
    if request.method != "POST":
        return mark, cut, False
    if {"mark", "cut_heading"} & set(request.POST) and not request.user.has_perm(
        "essays.add_watermarkword"
    ):
        raise PermissionDenied
    if "mark" in request.POST:
        mark = MarkForm(request.POST, prefix="mark")
        return mark, cut, store(request, mark, mark.is_valid() and mark["kind"].data)
    if "cut_heading" in request.POST:
        cut = CutForm(request.POST, prefix="cut")
        return mark, cut, store(request, cut, cut.is_valid() and Kind.HEADING_CUTS)
    return mark, cut, False


def for_site(site: str, *forms_: ScopedEntryForm) -> None:
    """Offer the document's site (or every site, when it names none)."""
    for form in forms_:
        if not form.is_bound:
            form.initial = {"site": site, "scope": "site" if site else "all"}


def store(request: HttpRequest, form: ScopedEntryForm, kind) -> bool:
    """Store a valid form's entry and say so; False leaves the form's errors."""
    if not kind:
        return False
    word = form.cleaned_data["word"]
    site = form.entry_site
    added = add_entries(
        [word],
        kind=kind,
        site=site,
        note=form.cleaned_data["note"],
        actor=request.user,
        channel=ADMIN,
    )
    where = f"网站“{site}”" if site else "所有网站"
    label = Kind(kind).label
    if added:
        messages.success(
            request, f"已把“{word}”加入{label}（用于{where}）；预览已重新生成。"
        )
    else:
        messages.info(request, f"“{word}”已在{label}中（用于{where}）。")
    return True
