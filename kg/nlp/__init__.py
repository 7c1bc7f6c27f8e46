"""Recognise mentions: a spaCy `zh` pipeline of rule components configured from `kg/pipeline.cfg`."""
