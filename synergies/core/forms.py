"""Form fields shared by the apps' forms."""

from django import forms

from synergies.core.documents import ACCEPTED_EXTENSIONS, validate_upload_size


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked for size here, for type and marking by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_EXTENSIONS}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for uploaded in cleaned:
            validate_upload_size(uploaded)
        return cleaned


def errors_text(form) -> str:
    """A refused form's messages as one French sentence, for a flash message when the form's page is
    not the one shown next."""
    return " ".join(error for errors in form.errors.values() for error in errors)
