"""Human renderings of an Analysis: a terminal report and a self-contained HTML page."""
