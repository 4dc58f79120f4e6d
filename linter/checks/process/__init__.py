"""Process rules P001-P007 and S008: a Bugzilla bug's title, whiteboard, flags, comment times and report times."""
