"""Routes and views: each validates a request, calls one use case in ``lobbykit.application``
and shapes the response. Nothing outside this package imports it."""
