"""The faces: command line, web page, demo, job registry. Only here click and the web server are imported."""
