package dev.rocket.admin;

import dev.rocket.error.ApiException;
import dev.rocket.metadata.DefinitionKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every definition kind of the admin API, in dependency order (entities, relations, then the kinds validated against
 * them): the order of an export document and of an import. Registered once by the composition root.
 */
public final class Definitions {
    private final Map<String, DefinitionStore> byPath = new LinkedHashMap<>();

    public Definitions(List<DefinitionStore> stores) {
        for (DefinitionStore s : stores) {
            if (byPath.put(s.path(), s) != null) {
                throw new IllegalArgumentException("Two definition kinds at /_admin/" + s.path());
            }
        }
    }

    /** All stores, in dependency order. */
    public List<DefinitionStore> all() {
        return List.copyOf(byPath.values());
    }

    /** The store at {@code /_admin/{path}}; 404 when there is none. */
    public DefinitionStore at(String path) {
        DefinitionStore s = byPath.get(path);
        if (s == null) {
            throw ApiException.notFound("Not found: " + path);
        }
        return s;
    }

    /** The kinds the registry keeps (all but entities and relations, which make the schema). */
    public List<DefinitionKind<?, ?>> kinds() {
        List<DefinitionKind<?, ?>> out = new ArrayList<>();
        for (DefinitionStore s : byPath.values()) {
            if (s instanceof DefinitionService<?> d) {
                out.add(d.kind());
            }
        }
        return out;
    }
}
