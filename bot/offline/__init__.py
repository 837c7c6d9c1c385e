"""The offline kit that `digest-bot run` ships: a Bot API server on loopback as strict as Telegram's,
and the terminal chat that drives the real bot through it (the tests use the same server)."""
