"""A photo as the reader and the checks see it: its settings, facts, variants and markup.

`options` (the `IMAGES_*` settings and the photo formats), `facts` (what a source is, read from
its header), `variants` (the files published for it, and their encoding) and `markup` (the
`<picture>` the reader writes) know nothing of Pelican: the reader (catalyst.model.reader), the
checks (plugins.content_validation) and the images plugin, which encodes what texts cite,
share them from here.
"""
