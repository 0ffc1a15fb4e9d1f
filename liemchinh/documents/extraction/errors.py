class ExtractionError(Exception):
    """A document that cannot be read: the message (Vietnamese) names the file and the reason."""
