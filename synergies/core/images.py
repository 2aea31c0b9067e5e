"""Photos uploaded by people (a platform's pictures): checked by content with Pillow, never trusted by
name, and written again from their pixels so that nothing but the image is kept (no EXIF position,
no payload appended to the file)."""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from synergies.core.documents import validate_upload_size

FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "WEBP": ("image/webp", ".webp")}
MAX_PIXELS = 40_000_000  # about 7,700 × 5,200: a camera photo; more is refused before decoding
MAX_SIDE = 2400  # stored photos are brought down to this, which a page never needs more than


def clean_photo(uploaded_file) -> tuple[ContentFile, str]:
    """(the re-encoded photo, its content type), or ValidationError with a French message."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    validate_upload_size(uploaded_file)
    uploaded_file.seek(0)
    data = uploaded_file.read()
    name = uploaded_file.name or "photo"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                if probe.width * probe.height > MAX_PIXELS:
                    raise ValidationError(f"« {name} » est trop grande ({probe.width} × {probe.height} pixels).")
                probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(f"« {name} » n'est pas une image lisible (JPEG, PNG ou WebP).") from exc
    if image_format not in FORMATS:
        raise ValidationError(f"« {name} » : seules les photos JPEG, PNG ou WebP sont acceptées.")
    image = ImageOps.exif_transpose(image)  # keep the orientation the camera meant, then drop EXIF
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    output = io.BytesIO()
    image.save(output, format=image_format, **({"quality": 85} if image_format != "PNG" else {}))
    content_type, extension = FORMATS[image_format]
    return ContentFile(output.getvalue(), name=f"photo{extension}"), content_type
