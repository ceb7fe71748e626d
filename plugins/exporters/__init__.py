"""Exporters: write a review in one format each (text, JSON, Markdown, HTML, CSV, DOCX,
ClaimReview, Web Annotations, SARIF, GitHub annotations)."""
