"""Qt widgets: the only package (with app.py) that imports QtWidgets."""
