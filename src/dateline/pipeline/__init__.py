"""The analysis stages, one module each: read, clean, nlp, places, entities, quantities,
time, events, attribution, dating. See ARCHITECTURE.md for what each reads and writes."""
