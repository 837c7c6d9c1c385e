"""The Telegram side of the digest service (handlers, delivery, jobs); built in a later issue."""
