"""`make bench`: Decorum's throughput, latency, accuracy and adversarial cost beside four peers."""
