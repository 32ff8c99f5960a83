"""One module per delivery channel, picked by the delivery's `channel` name; each exposes
`send(services, delivery)`, which returns on success and raises on failure."""
