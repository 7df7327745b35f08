"""rasd (رصد): Arabic news to ACLED-style conflict-event data, with the evidence for every figure."""

__version__ = "0.1.0"
