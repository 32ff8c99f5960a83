"""The outbox: outgoing webhooks, Greenhouse callbacks and e-mails are stored as `deliveries` in
the transaction that causes them, then sent by a background sender with retries."""
