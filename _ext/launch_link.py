"""A role for a link that opens a notebook live in Binder, built from the book's one repository setting.

    {binder-link}`chapters/workshop.ipynb`   or   {binder-link}`Open the workshop <chapters/workshop.ipynb>`

The URL is the one the rocket button uses: launch_buttons.binderhub_url, repository.url and
repository.branch in _config.yml (Jupyter Book passes them on as html_theme_options).

Forks: the publish workflow sets PEACEBOOK_REPOSITORY_URL (the repository it runs in) and PEACEBOOK_SITE_URL
(where GitHub Pages serves it), and PEACEBOOK_REPOSITORY_BRANCH if needed. When set, they override
repository.url, repository.branch and html.baseurl (the sitemap's and the Open Graph previews' base) before
anything reads them, so a fork's launch buttons, repository button, Binder links and sitemap point at
the fork with no edit. A local build, with none of them set, keeps the settings in _config.yml.

A build whose repository is still the placeholder (`your-org`, as in _config.yml until a fork or the publish
workflow names a real one) has nowhere to launch from: it shows no launch or repository buttons, the tag
`placeholder_repository` lets the front page say so once (an `{only}` block in intro.md), and a
{binder-link} becomes a link to that note instead of a dead Binder address.
"""

import os
import re
from urllib.parse import quote

from docutils import nodes


def binder_url(theme_options: dict, notebook: str) -> str:
    """The Binder address that opens `notebook` in JupyterLab, from the book's one repository setting.

    >>> binder_url({"repository_url": "https://github.com/a-fork/peace-book", "repository_branch": "main"},
    ...            "chapters/workshop.ipynb")
    'https://mybinder.org/v2/gh/a-fork/peace-book/main?urlpath=lab/tree/chapters/workshop.ipynb'
    """
    hub = theme_options.get("launch_buttons", {}).get("binderhub_url", "https://mybinder.org").rstrip("/")
    repository = re.sub(r"^https://github\.com/", "", theme_options["repository_url"]).strip("/")
    branch = theme_options.get("repository_branch", "main")
    path = "/".join(p for p in (theme_options.get("path_to_docs", ""), notebook) if p)
    return f"{hub}/v2/gh/{repository}/{branch}?urlpath={quote('lab/tree/' + path, safe='/')}"


PLACEHOLDER_OWNER = "your-org"
# The front page's note on a build with no repository (intro.md), where a {binder-link} leads instead.
NO_LAUNCH_NOTE = "no-launch-buttons"


def is_placeholder(theme_options: dict) -> bool:
    """Whether the book's repository is still the placeholder of _config.yml.

    >>> is_placeholder({"repository_url": "https://github.com/your-org/russia-ukraine-peace-book"})
    True
    >>> is_placeholder({"repository_url": "https://github.com/a-fork/peace-book"})
    False
    """
    parts = re.sub(r"^https://[^/]+/", "", theme_options.get("repository_url", "")).split("/")
    return parts[0] in ("", PLACEHOLDER_OWNER)


def binder_link_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    match = re.fullmatch(r"(.*?)\s*<(.+)>", text)
    label, notebook = (match.group(1), match.group(2)) if match else ("Launch it in Binder", text)
    config = inliner.document.settings.env.config
    if is_placeholder(config.html_theme_options):
        # No repository to launch: the link says so and leads to the front page's note on running the book.
        env = inliner.document.settings.env
        url = env.app.builder.get_relative_uri(env.docname, config.root_doc) + "#" + NO_LAUNCH_NOTE
        text = f"{label} (not in this copy of the book: see why)"
        return [nodes.reference(rawtext, text, refuri=url, classes=["pb-binder-link", "pb-no-launch"])], []
    url = binder_url(config.html_theme_options, notebook)
    return [nodes.reference(rawtext, label, refuri=url, classes=["pb-binder-link"])], []


def apply_environment(config, environ=os.environ) -> None:
    """Override the repository and site settings from PEACEBOOK_* environment variables (see the docstring)."""
    repository = environ.get("PEACEBOOK_REPOSITORY_URL", "").strip()
    branch = environ.get("PEACEBOOK_REPOSITORY_BRANCH", "").strip()
    site = environ.get("PEACEBOOK_SITE_URL", "").strip()
    if repository:
        if not re.fullmatch(r"https://[\w.-]+/[\w.-]+/[\w.-]+/?", repository):
            raise ValueError(
                f"PEACEBOOK_REPOSITORY_URL must look like https://github.com/owner/name, not {repository!r}"
            )
        config.html_theme_options["repository_url"] = repository.rstrip("/")
    if branch:
        config.html_theme_options["repository_branch"] = branch
    if site:
        if not re.fullmatch(r"https?://\S+", site):
            raise ValueError(f"PEACEBOOK_SITE_URL must be an http(s) URL, not {site!r}")
        config.html_baseurl = site.rstrip("/") + "/"
    if "ogp_site_url" in config and (site or not config.ogp_site_url) and config.html_baseurl:
        config.ogp_site_url = config.html_baseurl  # previews name the page's absolute URL


def hide_launch_buttons(config) -> None:
    """No launch or repository buttons: a build whose repository is the placeholder has nothing to open."""
    options = config.html_theme_options
    options["use_repository_button"] = False
    options["launch_buttons"] = {**options.get("launch_buttons", {}), "binderhub_url": ""}


def _on_config_inited(app, config):
    apply_environment(config)
    if is_placeholder(config.html_theme_options):
        hide_launch_buttons(config)
        app.tags.add("placeholder_repository")


def setup(app):
    app.add_role("binder-link", binder_link_role)
    app.connect("config-inited", _on_config_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
