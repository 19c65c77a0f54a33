"""Exports of records to other formats (GeoJSON ...)."""
