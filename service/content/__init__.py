"""Content: the scenario and rubric formats and the bank that loads them."""
