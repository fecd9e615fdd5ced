"""The request store, by responsibility: `intake` checks what staff enter, `records` is a request as stored and
shown, `repository` keeps requests and their events (RequestStore), `lookups` checks tracking numbers with their
query codes within the failure limits, and `outbox` holds subscriptions, the notices they get and the daily jobs'
claims."""
