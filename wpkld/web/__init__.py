"""Linked data on the web: per-resource descriptions, HTML pages, pictures and the static site.

The static site (``wpkld site``) and the server (``wpkld serve``) share this
package: :func:`wpkld.web.describe.describe` gives a resource's RDF,
:func:`wpkld.web.render.render_page` its HTML page, and
:func:`wpkld.web.conneg.negotiate` picks between them from an Accept header.
"""
