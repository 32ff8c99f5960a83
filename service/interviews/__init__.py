"""The interview product's rules: invites, answers, grading, completion, expiry, finalization.

No Flask here: the API, the web pages, the background loop and the command line all call these
functions with a `Services` bundle and a database session.
"""
