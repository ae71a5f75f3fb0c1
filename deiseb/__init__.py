"""Deiseb: public petitions for a parliament, in Welsh and English."""
