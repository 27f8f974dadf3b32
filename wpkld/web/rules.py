"""Apache rules for content negotiation: the site host's ``.htaccess`` and type maps, and w3id's redirects.

The site host answers a resource's extensionless path from a type map
(``person/pak-hon-yong.var``, Apache's mod_negotiation): the client's Accept
header with its q-values against the server's preference of
:data:`wpkld.web.conneg.QUALITY` (the page first), ``406`` when no
representation is acceptable, and ``Vary: accept``. That is the rule
:func:`wpkld.web.conneg.negotiate` implements for ``wpkld serve``.

The w3id registration (``https://w3id.org/wpkld/``) can only redirect, and
matches Accept headers by pattern (a header that names ``text/html`` or
``application/xhtml+xml`` is a browser, and gets the page); it sends each
IRI to the file on the site host, so a host without negotiation (any static
file host) serves the data correctly too.
"""

from __future__ import annotations

from collections.abc import Sequence

from .conneg import MEDIA_TYPES, QUALITY


def type_map(name: str, rdf_formats: Sequence[str]) -> str:
    """Return the Apache type map of one resource: its page and its RDF files with their qualities.

    >>> print(type_map("yanan", ["ttl"]), end="")
    URI: yanan
    <BLANKLINE>
    URI: yanan.html
    Content-Type: text/html; charset=utf-8; qs=1.0
    <BLANKLINE>
    URI: yanan.ttl
    Content-Type: text/turtle; charset=utf-8; qs=0.9
    """
    parts = [f"URI: {name}\n"]
    for ext in ("html", *rdf_formats):
        parts.append(f"URI: {name}.{ext}\nContent-Type: {MEDIA_TYPES[ext]}; charset=utf-8; qs={QUALITY[ext]}\n")
    return "\n".join(parts)


def site_htaccess() -> str:
    """Return the site host's ``.htaccess`` (Apache 2.4: mod_rewrite, mod_negotiation, mod_mime, mod_headers)."""
    types = "".join(f"AddType {media} .{ext}\n" for ext, media in MEDIA_TYPES.items() if ext != "html")
    return f"""\
# wpkld static site: content negotiation on the site host (Apache 2.4).
# Needs AllowOverride FileInfo Options Indexes, and mod_rewrite, mod_negotiation,
# mod_mime and mod_headers. A resource's extensionless path is answered from its type map
# (NAME.var): text/html or */* -> NAME.html, text/turtle -> NAME.ttl, application/ld+json
# -> NAME.jsonld, application/n-triples -> NAME.nt, anything else -> 406; Vary: accept.
Options -MultiViews -Indexes
DirectoryIndex index.html
{types}AddType application/sparql-query .rq
AddCharset utf-8 .html .ttl .jsonld .nt .json .csv .tsv .js .css
AddHandler type-map .var

RewriteEngine On
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{REQUEST_FILENAME}}.var -f
RewriteRule ^(.+)$ $1.var [L]

<IfModule mod_headers.c>
  <FilesMatch "\\.var$">
    Header merge Vary Accept
  </FilesMatch>
  Header set Access-Control-Allow-Origin "*"
</IfModule>
"""


def w3id_htaccess(site: str) -> str:
    """Return the ``.htaccess`` of the w3id registration ``https://w3id.org/wpkld/``, redirecting to ``site``.

    >>> "RewriteRule ^(.+)$ https://example.org/wpkld/$1.ttl [R=303,L]" in w3id_htaccess("https://example.org/wpkld/")
    True
    """
    browser = ("RewriteCond %{HTTP_ACCEPT} !text/html\n"
               "RewriteCond %{HTTP_ACCEPT} !application/xhtml\\+xml\n")
    rdf = "".join(
        f"# {media}\n{browser}RewriteCond %{{HTTP_ACCEPT}} {_pattern(media)}\n"
        f"RewriteRule ^(.+)$ {site}$1.{ext} [R=303,L]\n\n"
        for ext, media in MEDIA_TYPES.items() if ext != "html")
    return f"""\
# https://w3id.org/wpkld/ -> {site}
# Content negotiation by redirect: RDF media types go to the resource's .ttl, .jsonld or
# .nt file, browsers and */* to its page, any other Accept header gets 406.
# (Patterns, not q-values: a header naming text/html is a browser's and gets the page;
# the site host negotiates exactly on extensionless paths.)
Options +FollowSymLinks
RewriteEngine on
<IfModule mod_headers.c>
  Header always set Vary Accept
</IfModule>

# The home page, lists (paths ending in /) and files with an extension: as they are.
RewriteRule ^$ {site} [R=302,L]
RewriteRule ^(.*/)$ {site}$1 [R=302,L]
RewriteRule ^(.+\\.(html|ttl|jsonld|nt|json|csv|tsv|rq))$ {site}$1 [R=302,L]

{rdf}# Anything else that is neither a browser nor */*: not acceptable.
RewriteCond %{{HTTP_ACCEPT}} !^$
{browser}RewriteCond %{{HTTP_ACCEPT}} !\\*/\\*
RewriteCond %{{HTTP_ACCEPT}} !text/\\*
RewriteRule ^ - [R=406,L]

RewriteRule ^(.+)$ {site}$1.html [R=303,L]
"""


def _pattern(media: str) -> str:
    """Return a media type as a mod_rewrite regular expression."""
    return media.replace("+", "\\+")
