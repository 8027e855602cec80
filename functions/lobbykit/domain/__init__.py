"""Pure campaign logic: no network, no boto3, nothing that needs the outside world."""
