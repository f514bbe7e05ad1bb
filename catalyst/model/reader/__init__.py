"""The pure reader: one content file's bytes in, its HTML, typed values and problems out.

`read.read_file()` does it all (header, values against the model, Markdown, HTML allow-list,
typography) and knows nothing of Pelican, so a process pool (`ahead`) may compute it and a
content-hash cache keep it. plugins.content_reader is the Pelican glue around it;
plugins.content_validation reads its `Issue` and `Link` for the cross-file checks.
"""
