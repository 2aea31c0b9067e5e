from django import template

from synergies.governance import charts

register = template.Library()


@register.simple_tag
def indicator_chart(view):
    indicator = view.indicator
    return charts.line_chart(
        view.series,
        target=indicator.target,
        baseline=indicator.baseline,
        unit=indicator.unit,
        decimals=indicator.decimals,
        label=f"Évolution de l'indicateur « {indicator.name} » ({indicator.unit})",
    )


@register.simple_tag
def progress_bar(percent, label=""):
    return charts.progress_bar(percent, label=label)


@register.filter
def measure(value, indicator):
    """A value with its indicator's decimals and unit, in French: « 1 234,5 € »."""
    if value is None:
        return "—"
    from django.utils.formats import number_format

    return (
        f"{number_format(value, decimal_pos=indicator.decimals, use_l10n=True, force_grouping=True)} {indicator.unit}"
    )
