from django.contrib import admin

from synergies.opportunities.models import Award, Opportunity, Question, Response, SavedSearch


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "publisher", "territory", "status", "deadline"]
    list_filter = ["kind", "status", "territory"]
    search_fields = ["title", "publisher__name"]
    raw_id_fields = ["publisher", "restricted_to", "created_by"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "organisation", "author", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["opportunity", "organisation", "author", "consortium"]


admin.site.register(Question)
admin.site.register(Award)
admin.site.register(SavedSearch)
