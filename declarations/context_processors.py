from django.http import HttpRequest


def current_officer(request: HttpRequest) -> dict:
    """The signed-in person's Officer record (or None), for the header's employer name."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_officer": None}
    return {"current_officer": getattr(user, "officer", None)}
