"""Clientele Python client. Message classes are generated into clientele_client._pb."""
