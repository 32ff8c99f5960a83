"""Background work apart from the HTTP layer: the loop that expires interviews, re-schedules
stored code jobs and sends the outbox."""
