"""Log-in with OAuth 2 / OpenID Connect providers: GitHub, Google and any OpenID provider."""
