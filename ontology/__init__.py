"""Marks this folder a package (wpkld.ontology) so that an editable install can import it; it holds data only."""
