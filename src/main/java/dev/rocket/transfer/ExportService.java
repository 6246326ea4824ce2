package dev.rocket.transfer;

import dev.rocket.admin.DefinitionStore;
import dev.rocket.admin.Definitions;
import dev.rocket.db.Jdbc;
import dev.rocket.db.Tx;
import dev.rocket.tenancy.AppContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /_admin/export}: the app's metadata as one document, a section per definition kind, without row ids. */
public final class ExportService {
    private final Definitions definitions;

    public ExportService(Definitions definitions) {
        this.definitions = definitions;
    }

    public Map<String, Object> export(AppContext app) {
        return Tx.autoCommit(app.dataSource(), c -> {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("version", 1);
            doc.put("exported_at", Jdbc.ISO_UTC.format(Instant.now()));
            for (DefinitionStore s : definitions.all()) {
                doc.put(s.section(), s.export(c));
            }
            return doc;
        });
    }
}
