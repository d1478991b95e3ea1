"""The local stack: ``template.yaml`` brought up on an embedded AWS (moto server) and served on loopback.

Dev-only: the layer's build removes this package, and it imports moto and PyYAML (dev dependencies).

- ``template``: reads ``template.yaml`` (CloudFormation short tags) into resources, functions, routes.
- ``provision``: creates the template's tables, buckets and topics in moto; uploads the default scripts.
- ``functions``: loads each function's handler and invokes it with a Lambda-like context.
- ``gateway``: the HTTP front door that stands in for API Gateway (routes, API key, payload limit).
- ``stack``: ``LocalStack`` ties them together (tests start it in-process on ephemeral ports).
- ``server``: ``decorum serve``.
"""
