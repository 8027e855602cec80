"""The only modules that talk to the outside; each turns its failures into domain errors."""
