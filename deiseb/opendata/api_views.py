"""/data/openapi.json, and the page that lists the same addresses for a person to read.

The page is rendered on the server from the very document the JSON serves, in the page's
language: no Swagger UI, no script from elsewhere, and nothing on it can disagree with the file.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_safe

from deiseb.core.caching import public_page
from deiseb.lib.text import MAX_ID
from deiseb.opendata import openapi
from deiseb.opendata.views import JSON_OPTIONS, open_data

# Both change only on deploy, as the information pages do.
MAX_AGE = 300


@open_data
def openapi_json(request):
    with translation.override("en"):
        return JsonResponse(
            openapi.document(),
            json_dumps_params=JSON_OPTIONS,
            content_type="application/json; charset=utf-8",
        )


def _resolve(document: dict, item: dict) -> dict:
    """Follow a local $ref (#/components/…) to what it names."""
    while "$ref" in item:
        node = document
        for part in item["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        item = node
    return item


def describe(schema: dict) -> str:
    """A parameter's schema in words: what values the address takes."""
    parts = []
    if "enum" in schema:
        parts.append(
            gettext("one of %(values)s") % {"values": ", ".join(str(v) for v in schema["enum"])}
        )
    elif schema.get("type") == "integer":
        parts.append(gettext("a whole number from %(min)s") % {"min": schema.get("minimum", 0)})
        if schema.get("maximum", MAX_ID) < MAX_ID:
            parts.append(gettext("up to %(max)s") % {"max": schema["maximum"]})
    elif "maxLength" in schema:
        limit = schema["maxLength"]
        parts.append(
            ngettext("text of up to %(max)s character", "text of up to %(max)s characters", limit)
            % {"max": limit}
        )
    elif "pattern" in schema:
        parts.append(gettext("text matching %(pattern)s") % {"pattern": schema["pattern"]})
    else:
        parts.append(gettext("text"))
    if "default" in schema:
        parts.append(gettext("%(default)s if not given") % {"default": schema["default"]})
    return "; ".join(parts)


def operations(document: dict) -> list[dict]:
    """Every operation, grouped by its tag in the document's order, with references followed."""
    groups = {tag["name"]: {**tag, "operations": []} for tag in document["tags"]}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            parameters = [_resolve(document, p) for p in operation.get("parameters", [])]
            responses = [
                {
                    "status": status,
                    "description": response["description"],
                    "media_types": list(response.get("content", {})),
                }
                for status, response in (
                    (status, _resolve(document, r)) for status, r in operation["responses"].items()
                )
            ]
            groups[operation["tags"][0]]["operations"].append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation["summary"],
                    "description": operation["description"],
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p["required"],
                            "description": p["description"],
                            "values": describe(p["schema"]),
                        }
                        for p in parameters
                    ],
                    "responses": responses,
                }
            )
    return [group for group in groups.values() if group["operations"]]


@public_page(max_age=MAX_AGE)
@require_safe
def api_page(request):
    document = openapi.document()
    return render(
        request,
        "opendata/api.html",
        {"info": document["info"], "groups": operations(document)},
    )
