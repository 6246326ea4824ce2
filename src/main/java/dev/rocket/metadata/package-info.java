/**
 * Definitions at the bottom of the engine: entities, fields, relations and permission policies with their parsers
 * (422, one detail per problem) and value coercion; the {@link dev.rocket.metadata.Schema} (entities, relations, name
 * resolution) every other definition is validated against; the {@link dev.rocket.metadata.DefinitionKind} interface
 * each capability implements for its definitions; and the per-app {@link dev.rocket.metadata.Registry} snapshot,
 * built by {@link dev.rocket.metadata.RegistryLoader} from the registered kinds. Names no capability above it.
 */
package dev.rocket.metadata;
