def count_json(request, pk):
    pass
