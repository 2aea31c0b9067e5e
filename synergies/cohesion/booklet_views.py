"""Welcome booklets: the public page and PDF, a person's arrival checklist, editing by the unit."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from synergies.cohesion import booklets, documents, forms, perms, selectors
from synergies.cohesion.models import ArrivalPlan, BookletBlock, ChecklistItem
from synergies.core.exceptions import ApplicationError
from synergies.core.forms import errors_text
from synergies.directory.enums import OrganisationKind
from synergies.directory.selectors import organisations_acted_for


def _booklet_or_404(user, slug):
    booklet = selectors.booklet_for(user, slug)
    if booklet is None:
        raise Http404("Livret introuvable.")
    return booklet


def _editable_or_403(user, slug):
    booklet = _booklet_or_404(user, slug)
    if not perms.can_edit_booklet(user, booklet):
        raise PermissionDenied("Seuls l'unité et les coordinateurs du territoire modifient ce livret.")
    return booklet


def _blocks(booklet):
    return (
        booklet.blocks.select_related("owner").prefetch_related("organisations").order_by("section", "position", "id")
    )


def _sections(blocks):
    """Blocks grouped by section, in the order a family reads them."""
    from synergies.cohesion.enums import BookletSection

    grouped = {value: [] for value in BookletSection.values}
    for block in blocks:
        grouped[block.section].append(block)
    return [(BookletSection(value).label, items) for value, items in grouped.items() if items]


@login_not_required
def booklet_list(request):
    return render(request, "cohesion/booklets.html", {"booklets": selectors.booklets_published().order_by("garrison")})


@login_not_required
def booklet_detail(request, slug):
    booklet = _booklet_or_404(request.user, slug)
    blocks = list(_blocks(booklet))
    context = {
        "booklet": booklet,
        "sections": _sections(blocks),
        "can_edit": perms.can_edit_booklet(request.user, booklet),
        "arrival_form": forms.ArrivalForm(),
    }
    return render(request, "cohesion/booklet.html", context)


@login_not_required
def booklet_pdf(request, slug):
    booklet = _booklet_or_404(request.user, slug)
    response = HttpResponse(documents.booklet_pdf(booklet, _blocks(booklet)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="livret-{booklet.slug}.pdf"'
    return response


@login_not_required
def arrival(request, slug):
    """The checklist dated from the arrival; saved with the steps done for a logged-in person."""
    booklet = _booklet_or_404(request.user, slug)
    plan = (
        ArrivalPlan.objects.filter(user=request.user, booklet=booklet).first()
        if request.user.is_authenticated
        else None
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{request.path}?arrivee={request.POST.get('arrival_on', '')}")
        form = forms.ArrivalForm(request.POST)
        if form.is_valid():
            done = [int(i) for i in request.POST.getlist("done") if i.isdigit()]
            try:
                booklets.arrival_plan_save(
                    user=request.user, booklet=booklet, arrival_on=form.cleaned_data["arrival_on"], done_ids=done
                )
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, "Votre liste d'arrivée est enregistrée.")
            return redirect("cohesion:arrival", slug=booklet.slug)
    else:
        form = forms.ArrivalForm({"arrival_on": request.GET["arrivee"]} if "arrivee" in request.GET else None)
    arrival_on = None
    if form.is_bound and form.is_valid():
        arrival_on = form.cleaned_data["arrival_on"]
    elif plan is not None:
        arrival_on = plan.arrival_on
        form = forms.ArrivalForm(initial={"arrival_on": plan.arrival_on})
    done = set(plan.done.values_list("pk", flat=True)) if plan else set()
    context = {
        "booklet": booklet,
        "form": form,
        "arrival_on": arrival_on,
        "steps": booklets.arrival_steps(booklet, arrival_on, done),
        "plan": plan,
    }
    return render(request, "cohesion/arrival.html", context, status=400 if form.errors else 200)


def booklets_mine(request):
    if not perms.may_keep_booklets(request.user):
        raise PermissionDenied(
            "Cette page est celle des unités et des coordinateurs qui tiennent les livrets d'accueil."
        )
    editable = selectors.booklets_editable(request.user).select_related("unit").order_by("garrison")
    units = organisations_acted_for(request.user, coordinated_kind=OrganisationKind.MILITARY_UNIT)
    today = timezone.localdate()
    overdue = (
        BookletBlock.objects.filter(booklet__in=editable, review_by__lt=today)
        .select_related("booklet")
        .order_by("review_by")
    )
    return render(
        request, "cohesion/booklets_mine.html", {"booklets": editable, "overdue": overdue, "can_create": units.exists()}
    )


def booklet_create(request):
    if not perms.may_keep_booklets(request.user):
        raise PermissionDenied("Un livret est créé par son unité ou par un coordinateur du territoire.")
    units = organisations_acted_for(request.user, coordinated_kind=OrganisationKind.MILITARY_UNIT)
    form = forms.BookletCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            booklet = booklets.booklet_save(actor=request.user, unit=unit, fields=data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Livret créé ; ajoutez-lui ses blocs.")
            return redirect("cohesion:booklet_edit", slug=booklet.slug)
    return render(
        request, "cohesion/booklet_form.html", {"form": form, "booklet": None}, status=400 if form.errors else 200
    )


def booklet_edit(request, slug):
    booklet = _editable_or_403(request.user, slug)
    initial = {name: getattr(booklet, name) for name in booklets.BOOKLET_FIELDS}
    form = forms.BookletForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            booklets.booklet_save(actor=request.user, unit=booklet.unit, booklet=booklet, fields=form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Livret enregistré.")
            return redirect("cohesion:booklet_edit", slug=booklet.slug)
    context = {
        "form": form,
        "booklet": booklet,
        "blocks": _blocks(booklet),
        "block_form": forms.BlockForm(initial={"review_by": timezone.localdate() + datetime.timedelta(days=180)}),
        "item_form": forms.ChecklistItemForm(),
        "today": timezone.localdate(),
    }
    return render(request, "cohesion/booklet_form.html", context, status=400 if form.errors else 200)


def _block_form_save(request, booklet, block=None):
    form = forms.BlockForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        organisations = data.pop("organisation_sirets")
        try:
            booklets.block_save(
                actor=request.user, booklet=booklet, fields=data, organisations=organisations, block=block
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return form, True
    return form, False


def block_create(request, slug):
    booklet = _editable_or_403(request.user, slug)
    form = forms.BlockForm(initial={"review_by": timezone.localdate() + datetime.timedelta(days=180)})
    if request.method == "POST":
        form, saved = _block_form_save(request, booklet)
        if saved:
            messages.success(request, "Bloc ajouté au livret.")
            return redirect("cohesion:booklet_edit", slug=booklet.slug)
    return render(
        request,
        "cohesion/block_form.html",
        {"form": form, "booklet": booklet, "booklet_block": None},
        status=400 if form.errors else 200,
    )


def block_edit(request, pk):
    block = get_object_or_404(BookletBlock.objects.select_related("booklet__territory"), pk=pk)
    booklet = _editable_or_403(request.user, block.booklet.slug)
    form = forms.BlockForm(
        initial={
            **{name: getattr(block, name) for name in booklets.BLOCK_FIELDS},
            "organisation_sirets": "\n".join(o.siret for o in block.organisations.all() if o.siret),
        }
    )
    if request.method == "POST":
        form, saved = _block_form_save(request, booklet, block)
        if saved:
            messages.success(request, "Bloc enregistré ; sa date de relecture est reportée.")
            return redirect("cohesion:booklet_edit", slug=booklet.slug)
    return render(
        request,
        "cohesion/block_form.html",
        {"form": form, "booklet": booklet, "booklet_block": block},
        status=400 if form.errors else 200,
    )


@require_POST
def block_delete(request, pk):
    block = get_object_or_404(BookletBlock.objects.select_related("booklet__territory"), pk=pk)
    booklet = _editable_or_403(request.user, block.booklet.slug)
    booklets.block_delete(actor=request.user, block=block)
    messages.success(request, "Bloc supprimé.")
    return redirect("cohesion:booklet_edit", slug=booklet.slug)


@require_POST
def checklist_item_add(request, slug):
    booklet = _editable_or_403(request.user, slug)
    form = forms.ChecklistItemForm(request.POST)
    if form.is_valid():
        try:
            booklets.checklist_item_add(actor=request.user, booklet=booklet, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Étape ajoutée à la liste d'arrivée.")
    else:
        messages.error(request, errors_text(form))
    return redirect("cohesion:booklet_edit", slug=booklet.slug)


@require_POST
def checklist_item_delete(request, pk):
    item = get_object_or_404(ChecklistItem.objects.select_related("booklet__territory"), pk=pk)
    booklet = _editable_or_403(request.user, item.booklet.slug)
    booklets.checklist_item_delete(actor=request.user, item=item)
    messages.success(request, "Étape supprimée.")
    return redirect("cohesion:booklet_edit", slug=booklet.slug)
