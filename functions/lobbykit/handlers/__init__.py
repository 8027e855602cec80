"""Thin Lambda entry points: validate, call one domain function, shape the response."""
