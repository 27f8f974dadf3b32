"""Marks this folder a package (wpkld.data) so that an editable install can import it; it holds data only."""
