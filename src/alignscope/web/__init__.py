"""`alignscope serve`: a local dashboard and JSON API over the same store and core as the CLI.

`service` wraps the core (one store connection, serialised, with a bounded result cache),
`api` the JSON routes under /api/, `pages` the server-rendered pages, `app` puts them
together; nothing here fetches from the network or serves a file named by a request.
"""
