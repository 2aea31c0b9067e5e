from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from synergies.accounts import services as account_services
from synergies.accounts.feeds import feed_user
from synergies.accounts.roles import roles_of
from synergies.core.documents import download_response
from synergies.core.exceptions import ApplicationError
from synergies.core.forms import errors_text
from synergies.directory.models import Capability, Organisation
from synergies.matching import services as matching_services
from synergies.opportunities import feeds, forms, perms, selectors, services, workflow
from synergies.opportunities.enums import PARTNERING_KINDS, PERSONAL_KINDS, OpportunityKind, OpportunityStatus
from synergies.opportunities.models import Attachment, Question
from synergies.opportunities.workflow import (
    OPPORTUNITY_TRANSITIONS,
    WITHDRAW,
    allowed_opportunity_transitions,
    allowed_response_transitions,
)
from synergies.territories.models import Department, Territory

PAGE_SIZE = 20


def opportunity_or_404(user, pk):
    opportunity = selectors.opportunity_for(user, pk)
    if opportunity is None:
        raise Http404("Opportunité introuvable.")
    return opportunity


def _visible_response_or_404(user, pk):
    response = selectors.response_for(user, pk)
    if response is None:
        raise Http404("Réponse introuvable.")
    return response


def member_organisations(user, opportunity):
    return Organisation.objects.filter(pk__in=perms.responding_organisation_ids(user, opportunity)).order_by("name")


@login_not_required
def opportunity_list(request):
    query = selectors.OpportunityQuery.from_params(request.GET)
    for error in query.errors:
        messages.error(request, error)
    results = selectors.opportunity_search(request.user, query).prefetch_related("capabilities")
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    feed_params = params.copy()
    personal_key = account_services.feed_key(request.user) if request.user.is_authenticated else None
    if personal_key:
        feed_params["cle"] = personal_key
    territories = Territory.objects.with_convention().order_by("name")
    context = {
        "page": page,
        "query": query,
        "querystring": params.urlencode(),
        "feed_querystring": feed_params.urlencode(),
        "has_feed_key": bool(personal_key),
        "kinds": OpportunityKind.choices,
        "statuses": [
            ("", "ouvertes"),
            *[(s.value, s.label) for s in OpportunityStatus if s != "draft"],
            ("toutes", "tous les états"),
        ],
        "objectives": selectors.objectives_for_filters(),
        "capabilities": Capability.objects.select_related("domain").order_by("domain__position", "position"),
        "departments": Department.objects.filter(territory__in=territories).order_by("code"),
        "territories": territories,
        "can_publish": perms.can_publish(request.user),
        "saved_search_form": forms.SavedSearchForm() if request.user.is_authenticated else None,
    }
    return render(request, "opportunities/list.html", context)


@login_not_required
def feed_rss(request):
    user = feed_user(request)
    query = selectors.OpportunityQuery.from_params(request.GET)
    opportunities = selectors.opportunity_search(user, query).order_by("-published_at")[: feeds.MAX_ITEMS]
    return HttpResponse(feeds.rss(request, opportunities), content_type="application/rss+xml; charset=utf-8")


@login_not_required
def feed_ics(request):
    user = feed_user(request)
    query = selectors.OpportunityQuery.from_params(request.GET)
    opportunities = selectors.opportunity_search(user, query)[: feeds.MAX_ITEMS]
    response = HttpResponse(feeds.ics(request, opportunities), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="echeances-synergies.ics"'
    return response


@login_not_required
def opportunity_detail(request, pk):
    opportunity = opportunity_or_404(request.user, pk)
    user = request.user
    manages = perms.can_manage(user, opportunity)
    reviews = perms.can_review_responses(user, opportunity)
    organisation_ids = perms.responding_organisation_ids(user, opportunity) if user.is_authenticated else set()
    invitations = list(opportunity.invitations.select_related("organisation", "invited_by")) if manages else []
    context = {
        "opportunity": opportunity,
        "manages": manages,
        "reviews": reviews,
        "transitions": allowed_opportunity_transitions(opportunity.effective_status) if manages else [],
        "can_award": manages and workflow.can_be_awarded(opportunity.effective_status),
        "can_edit": manages and workflow.is_editable(opportunity.status),
        "questions": selectors.questions_for(user, opportunity, manages=manages),
        # The publisher does not ask themself: they publish the questions they expect, with the answer.
        "question_form": forms.QuestionForm()
        if perms.can_ask_question(user, opportunity) and not perms.can_manage(user, opportunity)
        else None,
        "faq_form": forms.FaqForm() if perms.can_manage(user, opportunity) else None,
        "answer_form": forms.AnswerForm() if manages else None,
        "can_respond": perms.can_respond(user, opportunity),
        "own_response": selectors.own_response(user, opportunity, organisation_ids) if user.is_authenticated else None,
        "responses": selectors.responses_for_review(opportunity) if reviews else None,
        "response_counts": selectors.response_counts(opportunity) if manages else None,
        "history": selectors.history(request.user, opportunity) if manages else None,
        # « Organisations qui pourraient répondre »: for those who publish and coordinate.
        "suggestions": matching_services.organisations_for_opportunity(opportunity) if manages else None,
        "awaiting_vectors": matching_services.organisations_awaiting_vectors() if manages else 0,
        "invitations": invitations,
        "invited_ids": {invitation.organisation_id for invitation in invitations},
        "is_partnering": opportunity.kind in PARTNERING_KINDS,
        "partner_count": opportunity.partner_searches.count() if opportunity.kind in PARTNERING_KINDS else 0,
    }
    return render(request, "opportunities/detail.html", context)


def _territory_for_new(request):
    """The territory a new opportunity is published in: asked for, else the user's first one."""
    roles = roles_of(request.user)
    allowed = (
        Territory.objects.all() if roles.is_admin else Territory.objects.filter(pk__in=roles.partner_territory_ids)
    )
    slug = request.GET.get("territoire") or request.POST.get("territoire")
    territory = allowed.filter(slug=slug).first() if slug else None
    if territory is None:
        territory = allowed.with_convention().order_by("name").first() or allowed.order_by("name").first()
    if territory is None or not perms.can_publish(request.user, territory):
        raise PermissionDenied
    return territory


def opportunity_create(request):
    if not perms.can_publish(request.user):
        raise PermissionDenied
    territory = _territory_for_new(request)
    form = forms.OpportunityForm(request.POST or None, request.FILES or None, user=request.user, territory=territory)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opportunity = services.opportunity_create(
                actor=request.user,
                territory=territory,
                publisher=data["publisher"],
                fields=form.service_fields(),
                capabilities=data["capabilities"],
                certifications=data["certifications"],
                restricted_to=data["restricted_to"],
                files=data["files"],
                publish="publish" in request.POST,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            published = opportunity.status == OpportunityStatus.PUBLISHED
            messages.success(request, "L'opportunité est publiée." if published else "Le brouillon est enregistré.")
            return redirect(opportunity)
    return render(request, "opportunities/form.html", {"form": form, "territory": territory, "opportunity": None})


def opportunity_edit(request, pk):
    opportunity = opportunity_or_404(request.user, pk)
    if not perms.can_manage(request.user, opportunity):
        raise PermissionDenied
    initial = {name: getattr(opportunity, name) for name in services.OPPORTUNITY_FIELDS}
    initial.update(
        publisher=opportunity.publisher,
        capabilities=opportunity.capabilities.all(),
        certifications=opportunity.certifications.all(),
        restricted_to=", ".join(o.siret or o.ref or "" for o in opportunity.restricted_to.all()),
    )
    form = forms.OpportunityForm(
        request.POST or None, request.FILES or None, user=request.user, territory=opportunity.territory, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.opportunity_update(
                actor=request.user,
                opportunity=opportunity,
                fields={**form.service_fields(), "publisher": data["publisher"]},
                capabilities=data["capabilities"],
                certifications=data["certifications"],
                restricted_to=data["restricted_to"],
                files=data["files"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "L'opportunité est mise à jour.")
            return redirect(opportunity)
    context = {"form": form, "territory": opportunity.territory, "opportunity": opportunity}
    return render(request, "opportunities/form.html", context)


@require_POST
def opportunity_transition(request, pk):
    opportunity = opportunity_or_404(request.user, pk)
    if not perms.can_manage(request.user, opportunity):
        raise PermissionDenied
    name = request.POST.get("action", "")
    try:
        services.opportunity_transition(actor=request.user, opportunity=opportunity, name=name)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, OPPORTUNITY_TRANSITIONS[name].done)
    return redirect(opportunity)


def opportunity_award(request, pk):
    opportunity = opportunity_or_404(request.user, pk)
    if not perms.can_manage(request.user, opportunity):
        raise PermissionDenied
    respondents = (
        Organisation.objects.filter(
            opportunity_responses__opportunity=opportunity,
            opportunity_responses__status__in=workflow.ACTIVE_RESPONSE_STATUSES,
        )
        .distinct()
        .order_by("name")
    )
    form = forms.AwardForm(request.POST or None, respondents=respondents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.opportunity_award(
                actor=request.user,
                opportunity=opportunity,
                winners=[{"organisation": data["organisation"], "name": data["winner_name"], "amount": data["amount"]}],
                awarded_on=data["awarded_on"],
                note=data["note"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Le résultat est enregistré.")
            return redirect(opportunity)
    return render(request, "opportunities/award.html", {"form": form, "opportunity": opportunity})


@login_not_required
def attachment_download(request, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("opportunity", "response__opportunity"), pk=pk)
    if attachment.opportunity_id:
        allowed = selectors.opportunity_for(request.user, attachment.opportunity_id) is not None
    else:
        allowed = request.user.is_authenticated and perms.can_view_response(request.user, attachment.response)
    if not allowed:
        raise Http404("Pièce jointe introuvable.")
    return download_response(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)


@require_POST
def attachment_delete(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.select_related("opportunity__territory"), pk=pk, opportunity__isnull=False
    )
    opportunity = opportunity_or_404(request.user, attachment.opportunity_id)
    try:
        services.attachment_delete(actor=request.user, attachment=attachment)
    except ApplicationError as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(request, f"La pièce jointe « {attachment.original_name} » est retirée.")
    return redirect(opportunity)


@require_POST
def opportunity_invite(request, pk, organisation_pk):
    opportunity = opportunity_or_404(request.user, pk)
    organisation = get_object_or_404(Organisation.objects.not_merged(), pk=organisation_pk)
    if not perms.can_manage(request.user, opportunity):
        raise PermissionDenied
    try:
        invitation = services.opportunity_invite(actor=request.user, opportunity=opportunity, organisation=organisation)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        count = invitation.recipients
        messages.success(
            request,
            f"{organisation.name} est invitée à répondre : e-mail à {count} destinataire{'s' if count > 1 else ''} "
            "(ses membres et contacts publics).",
        )
    return redirect(reverse("opportunities:detail", kwargs={"pk": pk}) + "#suggestions")


@require_POST
def question_publish(request, pk):
    opportunity = opportunity_or_404(request.user, pk)
    form = forms.FaqForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError("Écrivez la question et sa réponse.")
        services.question_publish(actor=request.user, opportunity=opportunity, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "La question et sa réponse sont publiées pour tous.")
    return redirect(reverse("opportunities:detail", kwargs={"pk": pk}) + "#questions")


@require_POST
def question_ask(request, pk):
    opportunity = opportunity_or_404(request.user, pk)
    form = forms.QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_ask(actor=request.user, opportunity=opportunity, text=form.cleaned_data["text"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Votre question est envoyée ; sa réponse sera publiée ici pour tous.")
    else:
        messages.error(request, errors_text(form))
    return redirect(reverse("opportunities:detail", kwargs={"pk": pk}) + "#questions")


@require_POST
def question_answer(request, pk):
    question = get_object_or_404(Question, pk=pk)
    opportunity = opportunity_or_404(request.user, question.opportunity_id)
    if not perms.can_manage(request.user, opportunity):
        raise PermissionDenied
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.question_answer(actor=request.user, question=question, answer=form.cleaned_data["answer"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "La réponse est publiée.")
    else:
        messages.error(request, "La réponse est vide.")
    return redirect(reverse("opportunities:detail", kwargs={"pk": opportunity.pk}) + "#questions")


def respond(request, pk):
    opportunity = opportunity_or_404(request.user, pk)
    if not perms.can_respond(request.user, opportunity):
        if not opportunity.is_open:
            messages.error(
                request, f"Cette opportunité est {opportunity.effective_status_label} : elle ne reçoit plus de réponse."
            )
        else:
            messages.error(
                request, "Pour répondre au nom d'une organisation, rattachez-vous d'abord à son profil dans l'annuaire."
            )
        return redirect(opportunity)
    organisations = member_organisations(request.user, opportunity)
    personal = opportunity.kind in PERSONAL_KINDS
    led = opportunity.consortia.filter(lead__in=organisations)
    form = forms.ResponseForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        consortia=led,
        personal=personal,
        initial={"contact_name": request.user.get_full_name(), "contact_email": request.user.email},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            response = services.response_create(
                actor=request.user,
                opportunity=opportunity,
                organisation=data.get("organisation"),
                consortium=data.get("consortium"),
                kind=data["kind"],
                message=data["message"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                files=data["files"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, "Votre réponse est envoyée. Vous suivrez son examen depuis votre tableau de bord."
            )
            return redirect(response)
    return render(
        request, "opportunities/respond.html", {"form": form, "opportunity": opportunity, "personal": personal}
    )


def response_detail(request, pk):
    response = _visible_response_or_404(request.user, pk)
    reviews = perms.can_review_responses(request.user, response.opportunity)
    context = {
        "response": response,
        "opportunity": response.opportunity,
        "reviews": reviews,
        "transitions": allowed_response_transitions(response.status) if reviews else [],
        "can_withdraw": perms.can_withdraw(request.user, response) and response.status in WITHDRAW.sources,
        "withdraw": WITHDRAW,
        "history": selectors.history(request.user, response),
        "attachments": response.attachments.all(),
    }
    return render(request, "opportunities/response.html", context)


@require_POST
def response_transition(request, pk):
    response = _visible_response_or_404(request.user, pk)
    try:
        if request.POST.get("action") == WITHDRAW.name:
            services.response_withdraw(actor=request.user, response=response)
            messages.success(request, WITHDRAW.done)
        else:
            services.response_transition(actor=request.user, response=response, name=request.POST.get("action", ""))
            messages.success(
                request,
                f"La réponse est désormais « {response.get_status_display()} » ; son auteur est prévenu par e-mail.",
            )
    except ApplicationError as exc:
        if not perms.can_review_responses(request.user, response.opportunity) and not perms.can_withdraw(
            request.user, response
        ):
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    return redirect(response)


def my_responses(request):
    responses = selectors.responses_of(request.user)
    return render(request, "opportunities/my_responses.html", {"responses": responses})


def my_publications(request):
    if not perms.can_publish(request.user):
        raise PermissionDenied
    context = {
        "opportunities": selectors.managed_opportunities(request.user),
        "questions": selectors.unanswered_questions(request.user),
    }
    return render(request, "opportunities/my_publications.html", context)
