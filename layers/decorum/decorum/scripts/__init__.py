"""The service's scripted texts: bundled defaults (also the fallback when S3 cannot answer)."""
