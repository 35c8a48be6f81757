"""The menu buttons open the navigation (static/sidebar-toggles.js): a workaround for pydata-sphinx-theme
issue #2451 (https://github.com/pydata/pydata-sphinx-theme/issues/2451), whose scripts bind only the first
of the two ☰ and contents buttons, the hidden one. Remove this extension when the theme is fixed;
tests/test_reading_two.py taps ☰ on a phone and checks that the navigation shows."""


def setup(app):
    app.add_js_file("sidebar-toggles.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
