package dev.rocket.files;

import dev.rocket.config.Settings;
import java.nio.file.Path;

/**
 * Chooses the {@link FileStorage} from the settings: {@code ROCKET_STORAGE_DRIVER} ({@code local}, the only
 * driver so far) with its root {@code ROCKET_STORAGE_PATH}, else {@code ROCKET_DATA_DIR/uploads}, else
 * {@code ~/.rocket/uploads}.
 */
public final class FileStorageFactory {
    private FileStorageFactory() {
    }

    public static FileStorage create(Settings settings) {
        String driver = settings.storageDriver();
        if (driver.equals("local")) {
            return new LocalFileStorage(localRoot(settings));
        }
        throw new IllegalStateException("Unknown " + Settings.STORAGE_DRIVER + ": " + driver + " (available: local)");
    }

    static Path localRoot(Settings settings) {
        return settings.storagePath().toAbsolutePath().normalize();
    }
}
