from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from synergies.accounts import services as account_services
from synergies.accounts.roles import roles_of
from synergies.core.documents import download_response
from synergies.core.exceptions import ApplicationError
from synergies.directory.models import Capability, Organisation
from synergies.matching import services as matching_services
from synergies.opportunities import feeds, forms, perms, selectors, services, workflow
from synergies.opportunities.enums import PARTNERING_KINDS, PERSONAL_KINDS, OpportunityKind, OpportunityStatus
from synergies.opportunities.models import Attachment, ConsortiumMember, PartnerSearch, Question, Response
from synergies.opportunities.workflow import (
    OPPORTUNITY_TRANSITIONS,
    WITHDRAW,
    allowed_opportunity_transitions,
    allowed_response_transitions,
)
from synergies.territories.models import Department, Territory

PAGE_SIZE = 20


def _opportunity_or_404(user, pk):
    opportunity = selectors.opportunity_for(user, pk)
    if opportunity is None:
        raise Http404("Opportunité introuvable.")
    return opportunity


def _visible_response_or_404(user, pk):
    response = get_object_or_404(
        Response.objects.select_related("opportunity__territory", "opportunity__publisher", "organisation", "author"),
        pk=pk,
    )
    if not perms.can_view_response(user, response):
        raise Http404("Réponse introuvable.")
    return response


def _member_organisations(user, opportunity):
    return Organisation.objects.filter(pk__in=perms.responding_organisation_ids(user, opportunity)).order_by("name")


def _feed_user(request):
    """Feed readers send no session: a personal key (`?cle=`) stands for its person. A person whose
    role requires MFA and who has not enrolled reads public content only."""
    key = request.GET.get("cle")
    if not key:
        return request.user
    user = account_services.feed_key_user(key)
    if user is None:
        raise PermissionDenied("Clé de flux invalide ou révoquée : créez-en une nouvelle depuis votre compte.")
    return AnonymousUser() if roles_of(user).mfa_missing else user


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
    user = _feed_user(request)
    query = selectors.OpportunityQuery.from_params(request.GET)
    opportunities = selectors.opportunity_search(user, query).order_by("-published_at")[: feeds.MAX_ITEMS]
    return HttpResponse(feeds.rss(request, opportunities), content_type="application/rss+xml; charset=utf-8")


@login_not_required
def feed_ics(request):
    user = _feed_user(request)
    query = selectors.OpportunityQuery.from_params(request.GET)
    opportunities = selectors.opportunity_search(user, query)[: feeds.MAX_ITEMS]
    response = HttpResponse(feeds.ics(request, opportunities), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="echeances-synergies.ics"'
    return response


@login_not_required
def opportunity_detail(request, pk):
    opportunity = _opportunity_or_404(request.user, pk)
    user = request.user
    manages = perms.can_manage(user, opportunity)
    reviews = perms.can_review_responses(user, opportunity)
    organisation_ids = perms.responding_organisation_ids(user, opportunity) if user.is_authenticated else set()
    context = {
        "opportunity": opportunity,
        "manages": manages,
        "reviews": reviews,
        "transitions": allowed_opportunity_transitions(opportunity.effective_status) if manages else [],
        "can_award": manages and workflow.can_be_awarded(opportunity.effective_status),
        "can_edit": manages and workflow.is_editable(opportunity.status),
        "questions": selectors.questions_for(user, opportunity, manages=manages),
        "question_form": forms.QuestionForm() if perms.can_ask_question(user, opportunity) else None,
        "answer_form": forms.AnswerForm() if manages else None,
        "can_respond": perms.can_respond(user, opportunity),
        "own_response": selectors.own_response(user, opportunity, organisation_ids) if user.is_authenticated else None,
        "responses": selectors.responses_for_review(opportunity) if reviews else None,
        "response_counts": selectors.response_counts(opportunity) if manages else None,
        "history": selectors.history(request.user, opportunity) if manages else None,
        # « Organisations qui pourraient répondre »: for those who publish and coordinate.
        "suggestions": matching_services.organisations_for_opportunity(opportunity) if manages else None,
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
    opportunity = _opportunity_or_404(request.user, pk)
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
    opportunity = _opportunity_or_404(request.user, pk)
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
    opportunity = _opportunity_or_404(request.user, pk)
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
    opportunity = _opportunity_or_404(request.user, attachment.opportunity_id)
    try:
        services.attachment_delete(actor=request.user, attachment=attachment)
    except ApplicationError as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(request, f"La pièce jointe « {attachment.original_name} » est retirée.")
    return redirect(opportunity)


@require_POST
def opportunity_invite(request, pk, organisation_pk):
    opportunity = _opportunity_or_404(request.user, pk)
    organisation = get_object_or_404(Organisation.objects.not_merged(), pk=organisation_pk)
    if not perms.can_manage(request.user, opportunity):
        raise PermissionDenied
    try:
        services.opportunity_invite(actor=request.user, opportunity=opportunity, organisation=organisation)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"{organisation.name} est invitée à répondre (e-mail à ses membres et contacts publics)."
        )
    return redirect(reverse("opportunities:detail", kwargs={"pk": pk}) + "#suggestions")


@require_POST
def question_ask(request, pk):
    opportunity = _opportunity_or_404(request.user, pk)
    form = forms.QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_ask(actor=request.user, opportunity=opportunity, text=form.cleaned_data["text"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Votre question est envoyée ; sa réponse sera publiée ici pour tous.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("opportunities:detail", kwargs={"pk": pk}) + "#questions")


@require_POST
def question_answer(request, pk):
    question = get_object_or_404(Question, pk=pk)
    opportunity = _opportunity_or_404(request.user, question.opportunity_id)
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
    opportunity = _opportunity_or_404(request.user, pk)
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
    organisations = _member_organisations(request.user, opportunity)
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


@login_not_required
def partners(request, pk):
    opportunity = _opportunity_or_404(request.user, pk)
    if opportunity.kind not in PARTNERING_KINDS:
        raise Http404("Pas de recherche de partenaires sur ce type d'opportunité.")
    organisations = _member_organisations(request.user, opportunity)
    searches = selectors.partner_searches(opportunity)
    own_ids = set(organisations.values_list("pk", flat=True))
    declared_ids = {s.organisation_id for s in searches}
    can_search = perms.can_search_partners(request.user, opportunity)
    declare_form = forms.PartnerSearchForm(
        request.POST or None, organisations=organisations.exclude(pk__in=declared_ids)
    )
    if request.method == "POST":
        if not can_search:
            raise PermissionDenied
        if declare_form.is_valid():
            try:
                services.partner_search_declare(
                    actor=request.user,
                    opportunity=opportunity,
                    organisation=declare_form.cleaned_data["organisation"],
                    message=declare_form.cleaned_data["message"],
                )
            except ApplicationError as exc:
                declare_form.add_error(None, exc.message)
            else:
                messages.success(request, "Votre organisation figure parmi celles qui cherchent des partenaires.")
                return redirect("opportunities:partners", pk=pk)
    own_declared = organisations.filter(pk__in=declared_ids)
    memberships = ConsortiumMember.objects.filter(
        consortium__opportunity=opportunity, organisation__in=own_ids
    ).select_related("consortium__lead", "organisation")
    context = {
        "opportunity": opportunity,
        "searches": searches,
        "own_ids": own_ids,
        "can_search": can_search,
        "declare_form": declare_form if can_search and organisations.exclude(pk__in=declared_ids).exists() else None,
        "message_form": forms.PartnerMessageForm(organisations=own_declared) if own_declared.exists() else None,
        "consortium_form": forms.ConsortiumForm(
            organisations=own_declared,
            candidates=Organisation.objects.filter(pk__in=declared_ids - own_ids).order_by("name"),
        )
        if own_declared.exists() and len(declared_ids - own_ids) > 0
        else None,
        "memberships": memberships,
        "suggested_partners": [
            (organisation, matching_services.partners_for(opportunity, organisation))
            for organisation in own_declared[:2]
        ],
        "consortia": opportunity.consortia.prefetch_related("memberships__organisation").select_related("lead"),
    }
    return render(request, "opportunities/partners.html", context)


@require_POST
def partner_withdraw(request, pk):
    search = get_object_or_404(PartnerSearch.objects.select_related("opportunity", "organisation"), pk=pk)
    _opportunity_or_404(request.user, search.opportunity_id)
    try:
        services.partner_search_withdraw(actor=request.user, search=search)
    except ApplicationError as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(request, "Votre organisation ne figure plus parmi celles qui cherchent des partenaires.")
    return redirect("opportunities:partners", pk=search.opportunity_id)


@require_POST
def partner_contact(request, pk, organisation_pk):
    opportunity = _opportunity_or_404(request.user, pk)
    recipient = get_object_or_404(Organisation, pk=organisation_pk)
    form = forms.PartnerMessageForm(request.POST, organisations=_member_organisations(request.user, opportunity))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("opportunities:partners", pk=pk)
    try:
        services.partner_message_send(
            actor=request.user,
            opportunity=opportunity,
            sender=form.cleaned_data["sender"],
            recipient=recipient,
            text=form.cleaned_data["text"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Votre message est envoyé à {recipient.name}.")
    return redirect("opportunities:partners", pk=pk)


@require_POST
def consortium_create(request, pk):
    opportunity = _opportunity_or_404(request.user, pk)
    organisations = _member_organisations(request.user, opportunity)
    form = forms.ConsortiumForm(
        request.POST,
        organisations=organisations,
        candidates=Organisation.objects.filter(partner_searches__opportunity=opportunity),
    )
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("opportunities:partners", pk=pk)
    try:
        services.consortium_create(actor=request.user, opportunity=opportunity, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Le consortium est formé ; les partenaires invités sont prévenus par e-mail.")
    return redirect("opportunities:partners", pk=pk)


@require_POST
def consortium_accept(request, pk):
    membership = get_object_or_404(
        ConsortiumMember.objects.select_related("consortium__opportunity", "organisation"), pk=pk
    )
    _opportunity_or_404(request.user, membership.consortium.opportunity_id)
    try:
        services.consortium_accept(actor=request.user, membership=membership)
    except ApplicationError as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(
        request, f"{membership.organisation.name} a rejoint le consortium « {membership.consortium.name} »."
    )
    return redirect("opportunities:partners", pk=membership.consortium.opportunity_id)


def saved_searches(request):
    if request.method == "POST":
        form = forms.SavedSearchForm(request.POST)
        query = selectors.OpportunityQuery.from_params(request.POST)
        if form.is_valid():
            try:
                services.saved_search_create(actor=request.user, query=query, **form.cleaned_data)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, "Recherche enregistrée : vous recevrez par e-mail les nouvelles opportunités."
                )
                return redirect("opportunities:saved_searches")
        else:
            messages.error(request, "Donnez un nom à la recherche.")
    return render(request, "opportunities/saved_searches.html", {"saved_searches": request.user.saved_searches.all()})


@require_POST
def saved_search_delete(request, pk):
    saved = get_object_or_404(request.user.saved_searches, pk=pk)
    services.saved_search_delete(actor=request.user, saved_search=saved)
    messages.success(request, f"La recherche « {saved.name} » est supprimée.")
    return redirect("opportunities:saved_searches")


@csrf_exempt  # mail clients POST here (RFC 8058) without a session; the signed token is the secret
@login_not_required
def unsubscribe(request, token):
    """One click from the e-mail: a page with one button (a GET never changes anything, so link
    checkers cannot unsubscribe anyone), and the RFC 8058 POST from mail clients."""
    saved = services.saved_search_from_token(token)
    if saved is None:
        raise Http404("Lien de désabonnement invalide.")
    if request.method == "POST":
        services.saved_search_unsubscribe(saved_search=saved)
        return render(request, "opportunities/unsubscribed.html", {"saved_search": saved})
    return render(request, "opportunities/unsubscribe.html", {"saved_search": saved})
