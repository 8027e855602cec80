"""The use cases (look up, preview, submit, confirm, send what is due, erase, metrics, moments)
and the wiring that builds their adapters once per instance: what handlers, the command line
and the local stack all call."""
