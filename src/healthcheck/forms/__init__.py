"""Fill-in Excel forms: written from the plan for the bureaus (:mod:`.write`), read back into
the observation files (:mod:`.read`, :mod:`.collect`); :mod:`.layout` is what both share."""
