"""Marks this folder a package (wpkld.shapes) so that an editable install can import it; it holds data only."""
