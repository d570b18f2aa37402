"""Real-browser tests (Playwright + Debian Chromium) against JupyterLab and Voila."""
