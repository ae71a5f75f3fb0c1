from django.http import HttpResponse
from django.shortcuts import redirect


def root_redirect(request):
    return redirect("/en/")


def health(request):
    return HttpResponse("ok")
