"""Every sentence a user reads, in English and French (the message catalogue), and number formatting."""

from sortition.i18n.catalogue import LANGUAGES, default_language, format_decimal, format_int, format_percent, translate

__all__ = ["LANGUAGES", "default_language", "format_decimal", "format_int", "format_percent", "translate"]
