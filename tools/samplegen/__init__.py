"""Helpers for tools/make_samples.py: turn seed blocks into realistic disclosure PDFs.

One job per module:

- cells: the text of a seed table cell as it is printed (wrap-artefact spaces removed);
- headers: which leading rows of a budget table are header rows, and which header cells
  span columns/rows (the merge rule);
- plan: what each seed block is in the document (cover, TOC line, heading, table title,
  budget table, ...), where pages break and which pages are landscape;
- layouts: the two page layouts (A: as departments print them, B: robustness variant);
- docx_tables / docx_build: write the plan as a Word document with python-docx;
- convert: print .docx to PDF through LibreOffice headless, normalise PDF metadata;
- fontfix: give LibreOffice's font descriptors their real ascent/descent;
- variants: other provinces' templates, derived from seed blocks (no LibreOffice needed);
- bad: broken / non-budget inputs for robustness tests.
"""
