"""Errors users see. Each message names where the problem is and what it is."""


class MtpolishError(Exception):
    """Base of the errors that map to exit code 2 on the command line."""


class RuleError(MtpolishError):
    """A rule file could not be loaded: the message names the file, the line and the cause."""


class InputError(MtpolishError):
    """A file to check could not be read or decoded."""


class FixVerificationError(MtpolishError):
    """Applying fixes changed text outside the edited spans (a bug; nothing is written)."""
