"""Reserved for a later issue; the app name is part of the layout."""
