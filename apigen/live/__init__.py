"""Live calls: ``apigen initialize`` records real responses as samples, ``apigen verify`` reports
how today's responses drifted from them.

Requests are built and authenticated by the generated packages' own runtime
(:mod:`apigen.live.runtime`); secrets come from the environment or a ``.env`` file
(:mod:`apigen.live.dotenv`) and are scrubbed from everything recorded (:mod:`apigen.live.scrub`).
"""
