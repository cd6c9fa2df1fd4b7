class Conflict(Exception):
    """The object is not in a state that allows the action (API: 409). Carries a user-facing message."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)
