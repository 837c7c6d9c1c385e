"""Vietnamese local-government news to digests: the article pipeline (no Telegram, no network)."""
