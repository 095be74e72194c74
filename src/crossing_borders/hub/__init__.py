"""The course on JupyterHub on one machine: accounts, folders with their modes, a trial.

`deploy/jupyterhub/jupyterhub_config.py` is the hub's configuration; this package
makes what it needs (`accounts`, `course`) and runs `make hub` (`trial`).
"""
