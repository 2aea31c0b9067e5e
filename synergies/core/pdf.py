"""What every PDF of the platform shares: Marianne, the État's typeface."""

import functools
from pathlib import Path

from django.conf import settings


@functools.cache
def marianne_fonts() -> dict[str, Path]:
    """Marianne as TrueType ({fpdf style: path}), converted once from the WOFF files shipped with django-dsfr."""
    import dsfr
    from fontTools.ttLib import TTFont

    source = Path(dsfr.__file__).parent / "static" / "dsfr" / "dist" / "fonts"
    target = Path(settings.VAR_DIR) / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    fonts = {}
    for style, name in (("", "Marianne-Regular"), ("B", "Marianne-Bold")):
        path = target / f"{name}.ttf"
        if not path.exists():
            font = TTFont(source / f"{name}.woff")
            font.flavor = None
            font.save(path)
        fonts[style] = path
    return fonts
