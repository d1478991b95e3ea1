"""The HTTP layer: Powertools resolvers, routes by module, errors mapped in one place."""
