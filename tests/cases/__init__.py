"""Bad (and unusual but valid) content for the validation tests, and how to build it.

`corpus.py` holds one small case per problem a volunteer can make; `runner.py`
builds content the way `invoke build` does (atomically, in a subprocess) and
reads the French report back.
"""
