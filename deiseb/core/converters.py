from django.urls import register_converter


class TokenConverter:
    """URL-safe tokens only, so junk in a link is a plain 404 before it reaches the database."""

    regex = r"[A-Za-z0-9_-]{8,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "token")
