"""Requests refused before any view runs, with a French answer (JSON for the API)."""

from django.http import JsonResponse
from django.shortcuts import render

NUL_IN_QUERY_MESSAGE = "L'adresse contient un caractère nul (%00) : corrigez le lien ou les critères de recherche."


class NulCharacterRefusedMiddleware:
    """A NUL character in the query string reaches filters that the database cannot run (PostgreSQL
    refuses NUL in text): refused once, here, for every page and API endpoint. Bodies are covered by
    the forms (Django refuses NUL), the models (core.apps cleans control characters) and the imports."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_IN_QUERY_MESSAGE}, status=400)
            return render(request, "400.html", status=400)
        return self.get_response(request)
