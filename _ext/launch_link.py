"""A role for a link that opens a notebook live in Binder, built from the book's one repository setting.

    {binder-link}`chapters/workshop.ipynb`   or   {binder-link}`Open the workshop <chapters/workshop.ipynb>`

The URL is the one the rocket button uses: launch_buttons.binderhub_url, repository.url and
repository.branch in _config.yml (Jupyter Book passes them on as html_theme_options).
"""
import re
from urllib.parse import quote

from docutils import nodes


def binder_url(theme_options: dict, notebook: str) -> str:
    hub = theme_options.get("launch_buttons", {}).get("binderhub_url", "https://mybinder.org").rstrip("/")
    repository = re.sub(r"^https://github\.com/", "", theme_options["repository_url"]).strip("/")
    branch = theme_options.get("repository_branch", "main")
    path = "/".join(p for p in (theme_options.get("path_to_docs", ""), notebook) if p)
    return f"{hub}/v2/gh/{repository}/{branch}?urlpath={quote('lab/tree/' + path, safe='/')}"


def binder_link_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    match = re.fullmatch(r"(.*?)\s*<(.+)>", text)
    label, notebook = (match.group(1), match.group(2)) if match else ("Launch it in Binder", text)
    config = inliner.document.settings.env.config
    url = binder_url(config.html_theme_options, notebook)
    return [nodes.reference(rawtext, label, refuri=url, classes=["pb-binder-link"])], []


def setup(app):
    app.add_role("binder-link", binder_link_role)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
