package app.provisioning.platform;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the zero-setup run keeps its PostgreSQL. Only read when no external database is
 * configured.
 *
 * @param dataDirectory folder holding the cluster, so data survives restarts
 * @param port fixed port, or 0 for any free one
 * @param cleanOnStart wipe the folder first (the test suite does, the run command does
 * not)
 */
@ConfigurationProperties("provisioning.embedded-database")
public record EmbeddedDatabaseProperties(Path dataDirectory, int port, boolean cleanOnStart) {

	public EmbeddedDatabaseProperties {
		if (dataDirectory == null) {
			dataDirectory = Path.of("data", "postgres");
		}
		SettingRules.between("provisioning.embedded-database.port", port, 0, 65535);
	}

}
