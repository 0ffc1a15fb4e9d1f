from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from liemchinh.documents import selectors


@login_required
def document_list(request):
    documents = selectors.document_list(actor=request.user)
    return render(request, "documents/document_list.html", {"documents": documents})
